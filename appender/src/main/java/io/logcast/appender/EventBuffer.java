package io.logcast.appender;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The bounded hand-off between the application's threads and the publisher thread.
 *
 * <p>Its capacity counts every event that is accepted and not yet settled: waiting here, or taken
 * by the publisher and not yet confirmed by the broker. An event frees its slot only through
 * {@link #release(int)}, so a connection loss never makes room that the publisher still needs.
 *
 * <p>The callers never wake the publisher per event: the publisher wakes itself periodically, and
 * a caller unparks it only when it went to sleep on an empty buffer ({@link #awaitWork(long)}).
 */
final class EventBuffer {

    private final int capacity;
    private final ConcurrentLinkedQueue<ILoggingEvent> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicBoolean consumerSleeping = new AtomicBoolean();
    private volatile Thread consumer;

    EventBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Called once by the publisher thread before it first waits. */
    void consumerIs(Thread thread) {
        this.consumer = thread;
    }

    /** Accepted events not yet settled (waiting or in flight). */
    int depth() {
        return depth.get();
    }

    /**
     * Takes a slot for an event the caller has yet to prepare, so that a full buffer costs the
     * caller no preparation; follow with {@link #addReserved} or {@link #release(int) release(1)}.
     */
    boolean tryReserve() {
        while (true) {
            int current = depth.get();
            if (current >= capacity) {
                return false;
            }
            if (depth.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Adds an event whose slot {@link #tryReserve()} took. */
    void addReserved(ILoggingEvent event) {
        waiting.add(event);
        if (consumerSleeping.get() && consumerSleeping.compareAndSet(true, false)) {
            LockSupport.unpark(consumer);
        }
    }

    /** Adds {@code event}, waiting at most {@code timeoutNanos} for room. */
    boolean offer(ILoggingEvent event, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!tryReserve()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Room appears when the broker confirms; a short poll keeps the callers' path lock-free.
            LockSupport.parkNanos(Math.min(left, 1_000_000L));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedException();
            }
        }
        addReserved(event);
        return true;
    }

    /** The next waiting event, or null; the event keeps its slot until {@link #release(int)}. */
    ILoggingEvent poll() {
        return waiting.poll();
    }

    /** Frees the slots of {@code settled} events (confirmed, or given up). */
    void release(int settled) {
        depth.addAndGet(-settled);
    }

    /**
     * Publisher side: sleeps up to {@code maxNanos} unless events are waiting; a caller's offer or
     * {@link #wake()} ends the sleep early.
     */
    void awaitWork(long maxNanos) {
        consumerSleeping.set(true);
        if (!waiting.isEmpty()) {
            consumerSleeping.set(false);
            return;
        }
        LockSupport.parkNanos(this, maxNanos);
        consumerSleeping.set(false);
    }

    /** Ends the publisher's current or next sleep (confirms arrived, stop requested, unblocked). */
    void wake() {
        Thread thread = consumer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
