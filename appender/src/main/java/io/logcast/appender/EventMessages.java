package io.logcast.appender;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

import io.logcast.core.WireContract;

/**
 * Turns log events into AMQP messages following the wire contract: the encoder's bytes as the
 * body (one event, or a batch of JSON events one per line), the contract's properties and headers.
 * Used by the publisher thread only.
 */
final class EventMessages {

    private final Encoder<ILoggingEvent> encoder;
    private final String contentType;
    private final String application;
    private final String producer;
    private final int deliveryMode;
    private final String configuredHost;
    private String host;

    EventMessages(Encoder<ILoggingEvent> encoder, String application, String producer, int deliveryMode, String configuredHost) {
        this.encoder = encoder;
        this.contentType = contentTypeOf(encoder);
        this.application = application;
        this.producer = producer;
        this.deliveryMode = deliveryMode;
        this.configuredHost = configuredHost;
    }

    /** Encodes {@code event} as message number {@code seq} of this producer. */
    OutgoingMessage create(ILoggingEvent event, long seq, boolean holdsBufferSlot) {
        return create(List.of(event), List.of(encode(event)), seq, holdsBufferSlot ? 1 : 0);
    }

    /** The encoder's bytes for {@code event}; may throw what the encoder throws. */
    byte[] encode(ILoggingEvent event) {
        return encoder.encode(event);
    }

    /** Whether events can share a message: JSON encoders write one event per line, text may span several. */
    boolean canBatch() {
        return WireContract.CONTENT_TYPE_JSON.equals(contentType);
    }

    String contentType() {
        return contentType;
    }

    /**
     * The message carrying {@code events}, encoded as {@code bodies}, numbered {@code firstSeq}
     * onwards. One event gives exactly the unbatched message; several give a batch: bodies
     * concatenated one per line, {@code event_count}, {@code level} the highest, the other headers
     * and properties those of the first event.
     */
    OutgoingMessage create(List<ILoggingEvent> events, List<byte[]> bodies, long firstSeq, int bufferSlots) {
        ILoggingEvent first = events.get(0);
        int count = events.size();
        Level highest = first.getLevel();
        for (ILoggingEvent event : events) {
            if (event.getLevel().isGreaterOrEqual(highest)) {
                highest = event.getLevel();
            }
        }
        byte[] body = count == 1 ? bodies.get(0) : concatenateLines(bodies);
        Map<String, Object> headers = new HashMap<>(13);
        headers.put(WireContract.HEADER_LEVEL, highest.toString());
        headers.put(WireContract.HEADER_LOGGER, first.getLoggerName());
        headers.put(WireContract.HEADER_THREAD, first.getThreadName());
        headers.put(WireContract.HEADER_EVENT_TIME, first.getTimeStamp());
        headers.put(WireContract.HEADER_HOST, host());
        headers.put(WireContract.HEADER_APP, application);
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, firstSeq);
        if (count > 1) {
            headers.put(WireContract.HEADER_EVENT_COUNT, count);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(contentType)
                .appId(application)
                .timestamp(new Date(first.getTimeStamp()))
                .deliveryMode(deliveryMode)
                .messageId(WireContract.messageId(producer, firstSeq))
                .headers(headers)
                .build();
        return new OutgoingMessage(firstSeq, properties, body, count, bufferSlots);
    }

    /** The bodies one after the other, each ending with a newline (added where an encoder left it out). */
    private static byte[] concatenateLines(List<byte[]> bodies) {
        int size = 0;
        for (byte[] body : bodies) {
            size += body.length + (endsWithNewline(body) ? 0 : 1);
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (byte[] body : bodies) {
            System.arraycopy(body, 0, joined, at, body.length);
            at += body.length;
            if (!endsWithNewline(body)) {
                joined[at++] = '\n';
            }
        }
        return joined;
    }

    private static boolean endsWithNewline(byte[] body) {
        return body.length > 0 && body[body.length - 1] == '\n';
    }

    String producer() {
        return producer;
    }

    /** JSON encoders give application/json, text layouts text/plain with their charset. */
    static String contentTypeOf(Encoder<ILoggingEvent> encoder) {
        if (encoder instanceof JsonEncoder) {
            return WireContract.CONTENT_TYPE_JSON;
        }
        if (encoder instanceof LayoutWrappingEncoder) {
            Charset charset = ((LayoutWrappingEncoder<ILoggingEvent>) encoder).getCharset();
            return charset == null || StandardCharsets.UTF_8.equals(charset)
                    ? WireContract.CONTENT_TYPE_TEXT
                    : "text/plain; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT);
        }
        // Third-party JSON encoders (logstash-logback-encoder's LogstashEncoder, ...) say so in their name.
        String name = encoder.getClass().getSimpleName();
        if (name.contains("Json") || name.contains("Logstash")) {
            return WireContract.CONTENT_TYPE_JSON;
        }
        return "application/octet-stream";
    }

    // Resolved on the publisher thread, on first use: a slow name service must not delay start().
    private String host() {
        if (host == null) {
            host = configuredHost != null ? configuredHost : localHostName();
        }
        return host;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String hostFromContext(String property) {
        return property == null || property.isEmpty() || CoreConstants.UNKNOWN_LOCALHOST.equals(property) ? null : property;
    }
}
