package io.logcast.collector.decode;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;

import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;

/**
 * The properties and headers of one message, read once and leniently: a header of the wrong type or a
 * missing one is simply absent, never an error. Besides the wire contract's headers it reads those of
 * Spring AMQP's Logback {@code AmqpAppender} ({@code categoryName}, {@code location}; its {@code level}
 * and {@code thread} are ours); ours come first where both say the same thing.
 */
public final class MessageHeaders {

    /** Spring AMQP's AmqpAppender: the logger's name. */
    static final String SPRING_CATEGORY_NAME = "categoryName";
    /** Spring AMQP's AmqpAppender: where the event was logged, {@code com.shop.Payments.refund()[42]}. */
    static final String SPRING_LOCATION = "location";
    private static final Pattern LOCATION = Pattern.compile("(.+)\\.([^.]*)\\(\\)\\[(\\d+|\\?)\\]");

    final String contentType;
    final Level level;
    final String logger;
    final String thread;
    /** The event time in milliseconds: the {@code event_time} header. */
    final Long eventTime;
    /** The {@code timestamp} property: whole seconds, in milliseconds. */
    final Long timestamp;
    final String host;
    final String app;
    final StackTraceElement location;
    private final String producer;
    private final Long seq;
    private final Long eventCount;

    private MessageHeaders(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties == null || properties.getHeaders() == null
                ? Map.of() : properties.getHeaders();
        this.contentType = properties == null ? null : properties.getContentType();
        this.level = level(HeaderValues.text(headers.get(WireContract.HEADER_LEVEL)));
        String logger = HeaderValues.text(headers.get(WireContract.HEADER_LOGGER));
        this.logger = logger != null ? logger : HeaderValues.text(headers.get(SPRING_CATEGORY_NAME));
        this.thread = HeaderValues.text(headers.get(WireContract.HEADER_THREAD));
        this.eventTime = HeaderValues.number(headers.get(WireContract.HEADER_EVENT_TIME));
        this.timestamp = properties == null || properties.getTimestamp() == null ? null : properties.getTimestamp().getTime();
        this.host = HeaderValues.text(headers.get(WireContract.HEADER_HOST));
        String app = HeaderValues.text(headers.get(WireContract.HEADER_APP));
        this.app = app != null ? app : properties == null ? null : properties.getAppId();
        this.location = location(HeaderValues.text(headers.get(SPRING_LOCATION)));
        this.producer = HeaderValues.text(headers.get(WireContract.HEADER_PRODUCER));
        this.seq = HeaderValues.number(headers.get(WireContract.HEADER_SEQ));
        this.eventCount = HeaderValues.number(headers.get(WireContract.HEADER_EVENT_COUNT));
    }

    /** Reads {@code properties} (null: a message without any). */
    public static MessageHeaders of(AMQP.BasicProperties properties) {
        return new MessageHeaders(properties);
    }

    /** The appender instance that published the message ({@code producer}), or null. */
    public String producer() {
        return producer;
    }

    /** The seq of the message's (first) event ({@code seq}), or null. */
    public Long seq() {
        return seq;
    }

    /** The number of events of a batch ({@code event_count}), or null. */
    public Long eventCount() {
        return eventCount;
    }

    /** The application ({@code app}, else {@code app_id}), or null. */
    public String app() {
        return app;
    }

    boolean isJsonContentType() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    /** Applies what the headers say to an event built from a body that did not say it. */
    void applyTo(RemoteEvent.Builder event) {
        if (level != null) {
            event.level = level;
        }
        if (logger != null) {
            event.loggerName = logger;
        }
        if (thread != null) {
            event.threadName = thread;
        }
        if (eventTime != null) {
            event.timestamp = eventTime;
        } else if (timestamp != null) {
            event.timestamp = timestamp;
        }
        if (location != null) {
            event.callerData = new StackTraceElement[] {location};
        }
        applyOrigin(event);
    }

    /** Application and host always come from the headers when present: they are the producer's word. */
    void applyOrigin(RemoteEvent.Builder event) {
        if (app != null) {
            event.contextProperties.put(RemoteEvent.APP_PROPERTY, app);
        }
        if (host != null) {
            event.contextProperties.put(RemoteEvent.HOST_PROPERTY, host);
        }
    }

    /** {@code com.shop.Payments.refund()[42]} as a frame (no file name); null for anything else. */
    private static StackTraceElement location(String text) {
        Matcher matcher = text == null ? null : LOCATION.matcher(text);
        if (matcher == null || !matcher.matches()) {
            return null;
        }
        int line = matcher.group(3).equals("?") ? -1 : parseLine(matcher.group(3));
        return new StackTraceElement(matcher.group(1), matcher.group(2), null, line);
    }

    private static int parseLine(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            return -1;
        }
    }

    /** A level name, or null for anything that is not one of TRACE..ERROR (or a common synonym). */
    static Level level(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE":
            case "FINEST":
                return Level.TRACE;
            case "DEBUG":
            case "FINE":
                return Level.DEBUG;
            case "INFO":
            case "NOTICE":
                return Level.INFO;
            case "WARN":
            case "WARNING":
                return Level.WARN;
            case "ERROR":
            case "ERR":
            case "SEVERE":
            case "CRITICAL":
            case "FATAL":
                return Level.ERROR;
            default:
                return null;
        }
    }
}
