package io.logcast.core;

/**
 * Capped exponential delays between connection attempts: d, 2d, 4d ... max, back to d after a
 * success. Counts the failures since the last success, for messages that say "attempt N".
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;
    private int failures;

    public Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max, not " + initialMillis + " and " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** Records a failure and returns the delay to wait now; the following one doubles, up to the cap. */
    public long next() {
        failures++;
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    /** Failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** A connection succeeded. */
    public void reset() {
        nextMillis = initialMillis;
        failures = 0;
    }
}
