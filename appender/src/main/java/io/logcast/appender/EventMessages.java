package io.logcast.appender;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

/**
 * Turns a log event into an AMQP message following the wire contract: the encoder's bytes as the
 * body, the contract's properties and headers. Used by the publisher thread only.
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
        byte[] body = encoder.encode(event);
        Map<String, Object> headers = new HashMap<>(12);
        headers.put(WireContract.HEADER_LEVEL, event.getLevel().toString());
        headers.put(WireContract.HEADER_LOGGER, event.getLoggerName());
        headers.put(WireContract.HEADER_THREAD, event.getThreadName());
        headers.put(WireContract.HEADER_EVENT_TIME, event.getTimeStamp());
        headers.put(WireContract.HEADER_HOST, host());
        headers.put(WireContract.HEADER_APP, application);
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, seq);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(contentType)
                .appId(application)
                .timestamp(new Date(event.getTimeStamp()))
                .deliveryMode(deliveryMode)
                .messageId(WireContract.messageId(producer, seq))
                .headers(headers)
                .build();
        return new OutgoingMessage(seq, properties, body, holdsBufferSlot);
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
