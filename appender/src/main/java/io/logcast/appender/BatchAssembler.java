package io.logcast.appender;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Takes the events for the next message from the buffer and encodes them: one, or with batching up
 * to {@link BatchLimits} (events, bytes, and the linger time for more once it holds one). An event
 * that would overflow a batch's bytes is carried to the next one. Publisher thread only.
 */
final class BatchAssembler {

    /** While lingering for a fuller batch, how often to look for more events; callers never wake the publisher. */
    private static final long LINGER_POLL_NANOS = 200_000L;

    /** The events of one message and their bodies, in the buffer's order. */
    static final class Batch {
        final List<ILoggingEvent> events = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
    }

    private final EventBuffer buffer;
    private final EventEncoder encoder;
    private final BatchLimits limits;
    private ILoggingEvent carriedEvent;
    private byte[] carriedBody;

    BatchAssembler(EventBuffer buffer, EventEncoder encoder, BatchLimits limits) {
        this.buffer = buffer;
        this.encoder = encoder;
        this.limits = limits;
    }

    /** The largest batch: what the in-flight window must have room for before the next one is assembled. */
    int maxEvents() {
        return limits.maxEvents;
    }

    /**
     * The events of the next message, or null when none waits. Lingers for more, unless
     * {@code hurry} says not to wait (stopping, or the broker blocked publishing). An event the
     * encoder cannot encode is skipped and its buffer slot freed.
     */
    Batch next(BooleanSupplier hurry) {
        Batch batch = new Batch();
        long bytes = 0;
        long lingerUntil = 0;
        while (batch.events.size() < limits.maxEvents) {
            ILoggingEvent event;
            byte[] body;
            if (carriedEvent != null) {
                event = carriedEvent;
                body = carriedBody;
                carriedEvent = null;
                carriedBody = null;
            } else {
                event = buffer.poll();
                if (event == null) {
                    if (batch.events.isEmpty() || limits.lingerNanos == 0 || hurry.getAsBoolean()) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (lingerUntil == 0) {
                        lingerUntil = now + limits.lingerNanos;
                    }
                    long left = lingerUntil - now;
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, Math.min(left, LINGER_POLL_NANOS));
                    continue;
                }
                body = encoder.encode(event);
                if (body == null) {
                    buffer.release(1);
                    continue;
                }
            }
            long size = EventMessages.lineLength(body);
            if (!batch.events.isEmpty() && bytes + size > limits.maxBytes) {
                carriedEvent = event;
                carriedBody = body;
                break;
            }
            batch.events.add(event);
            batch.bodies.add(body);
            bytes += size;
            if (bytes >= limits.maxBytes) {
                break;
            }
        }
        return batch.events.isEmpty() ? null : batch;
    }
}
