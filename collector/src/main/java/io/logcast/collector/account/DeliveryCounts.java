package io.logcast.collector.account;

/**
 * What a daemon's {@link DeliveryAccounting} counted so far.
 *
 * @param eventsWithoutSequence events of messages without producer and seq (written unchecked)
 * @param lateArrivals          events reported missing that came afterwards (written, no longer missing)
 * @param beyondWindow          events too old for the duplicate window (written: twice is better than never)
 */
public record DeliveryCounts(long messages, long eventsWritten, long eventsWithoutSequence, long duplicatesSuppressed,
                             long gapsReported, long eventsMissing, long lateArrivals, long beyondWindow) {

    /** The one-line summary a daemon prints at shutdown. */
    public String summary() {
        return "delivery summary: " + messages + " messages, " + eventsWritten + " events written ("
                + eventsWithoutSequence + " without producer/seq), " + duplicatesSuppressed + " duplicates suppressed, "
                + gapsReported + " gaps reported, " + eventsMissing + " events missing, " + lateArrivals + " late arrivals, "
                + beyondWindow + " beyond the duplicate window";
    }
}
