package io.logcast.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands out the right to log one event, shared by all worker threads: at most {@code count}
 * events, none due after the deadline, paced at {@code rate} events per second over the whole
 * application (not per thread), until {@link #stop()}.
 */
final class EventSchedule {

    private final long count;
    private final long nanosPerEvent;
    private final long startNanos;
    private final long deadlineNanos;
    private final AtomicLong issued = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param count    the most events to hand out; {@code Long.MAX_VALUE} for no limit
     * @param duration how long to hand out events; null for no limit
     * @param rate     events per second over all threads; 0 for as fast as the threads go
     */
    EventSchedule(long count, Duration duration, double rate) {
        this.count = count;
        this.nanosPerEvent = rate > 0 ? Math.max(1L, Math.round(1e9 / rate)) : 0L;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = duration == null ? Long.MAX_VALUE : startNanos + duration.toNanos();
    }

    /**
     * Waits until the next event is due and returns true, or returns false at once when the count
     * is used up, the deadline passed, or the schedule was stopped.
     */
    boolean awaitNext() {
        long n = issued.getAndIncrement();
        if (n >= count || stopped) {
            return false;
        }
        long due = startNanos + n * nanosPerEvent;
        if (deadlineNanos != Long.MAX_VALUE && due - deadlineNanos > 0) {
            return false;
        }
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (stopped) {
                return false;
            }
            // Short parks so that stop() is noticed promptly even at low rates.
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
        return !stopped && (deadlineNanos == Long.MAX_VALUE || System.nanoTime() - deadlineNanos <= 0);
    }

    /** Makes every current and future {@link #awaitNext()} return false. */
    void stop() {
        stopped = true;
    }

    boolean isStopped() {
        return stopped;
    }
}
