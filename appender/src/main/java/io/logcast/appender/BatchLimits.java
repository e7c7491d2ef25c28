package io.logcast.appender;

/**
 * How the publisher packs waiting events into one message: at most {@link #maxEvents} events and
 * {@link #maxBytes} body bytes (a single larger event still goes alone), waiting at most
 * {@link #lingerNanos} for more once it holds the first. {@code maxEvents} 1 turns batching off.
 */
final class BatchLimits {

    static final BatchLimits NONE = new BatchLimits(1, Integer.MAX_VALUE, 0);
    /** The most events of one batch (maxBatchEvents): a batch must fit the in-flight window. */
    static final int MAX_EVENTS = 1000;

    final int maxEvents;
    final int maxBytes;
    final long lingerNanos;

    BatchLimits(int maxEvents, int maxBytes, long lingerNanos) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
    }
}
