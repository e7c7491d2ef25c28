package io.logcast.core;

import java.util.Locale;

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

    /** A wait as messages say it: {@code 2 s}, {@code 2.5 s}. */
    public static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** A connection succeeded. */
    public void reset() {
        nextMillis = initialMillis;
        failures = 0;
    }
}
