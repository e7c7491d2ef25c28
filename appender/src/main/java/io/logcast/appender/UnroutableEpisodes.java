package io.logcast.appender;

/**
 * Events the broker took while no queue was bound to the exchange (returned as unroutable: they are
 * published with {@code mandatory}): lost for every consumer, though RabbitMQ confirms them. Counted
 * ({@code UnroutableCount}); an episode runs from the first such event to the next message a
 * queue takes, and is said once: an INFO when it begins, a WARN with its number of events when it
 * ends, or when the appender stops during one. Publisher thread only.
 */
final class UnroutableEpisodes {

    private final String exchange;
    private final Counters counters;
    private final StatusReporter status;
    private long inEpisode;

    UnroutableEpisodes(String exchange, Counters counters, StatusReporter status) {
        this.exchange = exchange;
        this.counters = counters;
        this.status = status;
    }

    /** The broker settled a message of {@code events} events that no queue took. */
    void unroutable(int events) {
        counters.unroutable.addAndGet(events);
        if (inEpisode == 0) {
            status.info("exchange '" + exchange + "' routes events to no queue (none is bound): the broker discards them;"
                    + " counting them until a queue takes events again");
        }
        inEpisode += events;
    }

    /** A queue took a message: an episode, if one ran, is over. */
    void routed() {
        if (inEpisode > 0) {
            report("until a queue was bound");
        }
    }

    /** The appender stops: an episode still running is said. */
    void stopped() {
        if (inEpisode > 0) {
            report("until the appender stopped");
        }
    }

    private void report(String until) {
        status.warn(inEpisode + " events reached exchange '" + exchange + "' while no queue was bound to it (" + until
                + "); the broker discarded them (UnroutableCount " + counters.unroutable.get() + ")");
        inEpisode = 0;
    }
}
