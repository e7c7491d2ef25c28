package io.logcast.appender;

import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Turns one event into its message body, on the publisher thread: credentials masked, cut to
 * {@code maxMessageBytes}, and what cannot be encoded counted and said, never thrown.
 */
final class EventEncoder {

    /** A truncation this long after the previous one begins a new burst, which is said again. */
    private static final long BURST_GAP_NANOS = 10_000_000_000L;

    private final Encoder<ILoggingEvent> encoder;
    private final CredentialMask credentials;
    private final Truncation truncation;
    private final Counters counters;
    private final StatusReporter status;
    private final AtomicBoolean encoderFailureSaid = new AtomicBoolean();
    private final AtomicBoolean tooLargeSaid = new AtomicBoolean();
    private long lastTruncationNanos;
    private boolean truncatedBefore;

    /** The encoder when none is configured: Logback's JsonEncoder with the formatted message, one JSON object per line. */
    static Encoder<ILoggingEvent> defaultEncoder(Context context) {
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true);
        json.setContext(context);
        json.start();
        return json;
    }

    EventEncoder(Encoder<ILoggingEvent> encoder, CredentialMask credentials, Truncation truncation, Counters counters, StatusReporter status) {
        this.encoder = encoder;
        this.credentials = credentials;
        this.truncation = truncation;
        this.counters = counters;
        this.status = status;
    }

    /** The body of {@code event}, or null when it cannot be had: the event is then counted as unencodable. */
    byte[] encode(ILoggingEvent event) {
        ILoggingEvent visible = credentials.apply(event);
        byte[] body;
        try {
            body = encoder.encode(visible);
            if (body == null) {
                throw new IllegalStateException(encoder.getClass().getName() + " returned no bytes");
            }
            if (body.length <= truncation.maxBytes()) {
                return body;
            }
            byte[] cut = truncation.fit(visible, body);
            if (cut == null) {
                counters.unencodable.incrementAndGet();
                if (tooLargeSaid.compareAndSet(false, true)) {
                    status.error("an event from logger " + event.getLoggerName() + " exceeds maxMessageBytes (" + truncation.maxBytes()
                            + ") even with its message and stack trace cut (its other fields are too large); such events are skipped"
                            + " (UnencodableCount)");
                }
                return null;
            }
            truncated(event, body.length, cut.length);
            return cut;
        } catch (RuntimeException e) {
            unencodable("the encoder failed on an event from logger " + event.getLoggerName(), e);
            return null;
        }
    }

    /** Counts an event that could not be made into a message (here or on the caller's thread); the first is said. */
    void unencodable(String what, RuntimeException e) {
        counters.unencodable.incrementAndGet();
        if (encoderFailureSaid.compareAndSet(false, true)) {
            status.error(what + "; such events are skipped (UnencodableCount)", e);
        }
    }

    private void truncated(ILoggingEvent event, int length, int cutLength) {
        long total = counters.truncated.incrementAndGet();
        long now = System.nanoTime();
        boolean newBurst = !truncatedBefore || now - lastTruncationNanos >= BURST_GAP_NANOS;
        truncatedBefore = true;
        lastTruncationNanos = now;
        if (newBurst) {
            status.warn("an event from logger " + event.getLoggerName() + " encodes to " + length + " bytes, more than maxMessageBytes ("
                    + truncation.maxBytes() + "): published cut to " + cutLength + " bytes, its message then its stack trace marked"
                    + " [truncated N bytes]; " + total + " cut so far (TruncatedCount), the others of this burst are not said");
        }
    }
}
