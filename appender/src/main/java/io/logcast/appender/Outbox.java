package io.logcast.appender;

import java.util.List;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * What the publisher sends next: first what must be published again, then the report of dropped
 * events (after the re-publications, so the stream keeps its order), then new events. Publisher
 * thread only.
 */
final class Outbox {

    private final ConfirmWindow window;
    private final DropReporter drops;
    private final BatchAssembler batches;
    private final EventEncoder encoder;
    private final EventMessages messages;
    private final LoggerContext loggerContext;

    Outbox(ConfirmWindow window, DropReporter drops, BatchAssembler batches, EventEncoder encoder, EventMessages messages,
            LoggerContext loggerContext) {
        this.window = window;
        this.drops = drops;
        this.batches = batches;
        this.encoder = encoder;
        this.messages = messages;
        this.loggerContext = loggerContext;
    }

    /** Whether the in-flight window has room for the largest message the outbox may give. */
    boolean windowHasRoom() {
        return window.hasRoomFor(batches.maxEvents());
    }

    /** The next message, or null when nothing waits; {@code hurry}: no lingering for a fuller batch. */
    OutgoingMessage next(BooleanSupplier hurry) {
        if (window.hasRetries()) {
            return window.nextRetry();
        }
        LoggingEvent report = drops.takeReport(loggerContext);
        if (report != null) {
            byte[] body = encoder.encode(report);
            if (body != null) {
                return messages.create(List.of(report), List.of(body), 0); // the report holds no buffer slot
            }
        }
        BatchAssembler.Batch batch = batches.next(hurry);
        return batch == null ? null : messages.create(batch.events, batch.bodies, batch.events.size());
    }
}
