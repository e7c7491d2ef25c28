package io.logcast.collector.web;

/**
 * Events per level in 10-second buckets over the last 15 minutes, by the time the daemon received
 * them: what the page's rate chart draws. Thread-safe.
 */
final class RateHistory {

    static final long BUCKET_MILLIS = 10_000;
    static final int BUCKETS = 90;

    /** counts[level][bucket], the bucket of time t at (t / BUCKET_MILLIS) % BUCKETS. */
    private final long[][] counts = new long[EventQuery.LEVELS.size()][BUCKETS];
    /** The newest bucket counted into, as t / BUCKET_MILLIS. */
    private long newestBucket = Long.MIN_VALUE;

    /**
     * @param firstBucket the start of the oldest bucket, epoch ms
     * @param counts      per level (in {@link EventQuery#LEVELS} order), {@link #BUCKETS} counts, oldest first
     */
    record Snapshot(long bucketMillis, long firstBucket, long[][] counts) {
    }

    synchronized void record(String level, long nowMillis) {
        int row = EventQuery.LEVELS.indexOf(level);
        if (row < 0) {
            return;
        }
        long bucket = nowMillis / BUCKET_MILLIS;
        advanceTo(bucket);
        if (bucket > newestBucket - BUCKETS) {
            // (an older one: the clock was set back beyond the chart)
            counts[row][slot(bucket)]++;
        }
    }

    synchronized Snapshot snapshot(long nowMillis) {
        long current = nowMillis / BUCKET_MILLIS;
        advanceTo(current);
        long first = current - BUCKETS + 1;
        long[][] copy = new long[counts.length][BUCKETS];
        for (int level = 0; level < counts.length; level++) {
            for (int i = 0; i < BUCKETS; i++) {
                copy[level][i] = counts[level][slot(first + i)];
            }
        }
        return new Snapshot(BUCKET_MILLIS, first * BUCKET_MILLIS, copy);
    }

    /** Empties the buckets between the newest counted one and {@code bucket}: nothing arrived then. */
    private void advanceTo(long bucket) {
        if (bucket <= newestBucket) {
            return;
        }
        long from = newestBucket == Long.MIN_VALUE ? bucket - BUCKETS + 1 : Math.max(newestBucket + 1, bucket - BUCKETS + 1);
        for (long b = from; b <= bucket; b++) {
            for (long[] level : counts) {
                level[slot(b)] = 0;
            }
        }
        newestBucket = bucket;
    }

    private static int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) BUCKETS);
    }
}
