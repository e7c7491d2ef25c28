package io.logcast.appender;

import java.net.InetAddress;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;

import io.logcast.core.WireContract;

/**
 * Makes AMQP messages of encoded events following the wire contract: the bodies (one event, or a
 * batch of JSON events one per line), the contract's properties and headers, and the events' seqs,
 * 1, 2, 3... in the order messages are made. Publisher thread only.
 */
final class EventMessages {

    private final String contentType;
    private final String application;
    private final String producer;
    private final int deliveryMode;
    private final String configuredHost;
    private String host;
    private long nextSeq = 1;

    EventMessages(String contentType, String application, String producer, int deliveryMode, String configuredHost) {
        this.contentType = contentType;
        this.application = application;
        this.producer = producer;
        this.deliveryMode = deliveryMode;
        this.configuredHost = configuredHost;
    }

    /**
     * The message carrying {@code events}, encoded as {@code bodies}, which take the next seqs. One
     * event gives exactly the unbatched message; several give a batch: bodies one per line,
     * {@code event_count}, {@code level} the highest, the other headers and properties those of the
     * first event. {@code bufferSlots}: the slots its confirm frees.
     */
    OutgoingMessage create(List<ILoggingEvent> events, List<byte[]> bodies, int bufferSlots) {
        ILoggingEvent first = events.get(0);
        int count = events.size();
        long firstSeq = nextSeq;
        nextSeq += count;
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
        return new OutgoingMessage(properties, body, count, bufferSlots);
    }

    /** The bytes {@code body} takes in a batch: itself and its ending newline. */
    static long lineLength(byte[] body) {
        return body.length + (endsWithNewline(body) ? 0 : 1);
    }

    /** The bodies one after the other, each ending with a newline (added where an encoder left it out). */
    private static byte[] concatenateLines(List<byte[]> bodies) {
        long size = 0;
        for (byte[] body : bodies) {
            size += lineLength(body);
        }
        byte[] joined = new byte[(int) size];
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

    /** The host name Logback found ({@code HOSTNAME} context property), or null when it found none. */
    static String hostFromContext(String property) {
        return property == null || property.isEmpty() || CoreConstants.UNKNOWN_LOCALHOST.equals(property) ? null : property;
    }
}
