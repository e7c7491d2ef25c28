package io.logcast.collector.decode;

import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.Level;

import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;

/**
 * The wire-contract headers and properties of one message, read leniently: a header of the wrong
 * type or a missing one is simply absent, never an error.
 */
final class MessageHeaders {

    final String contentType;
    final Level level;
    final String logger;
    final String thread;
    final Long eventTime;
    final String host;
    final String app;
    final Long seq;
    final Long eventCount;

    MessageHeaders(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties == null || properties.getHeaders() == null
                ? Map.of() : properties.getHeaders();
        this.contentType = properties == null ? null : properties.getContentType();
        this.level = level(HeaderValues.text(headers.get(WireContract.HEADER_LEVEL)));
        this.logger = HeaderValues.text(headers.get(WireContract.HEADER_LOGGER));
        this.thread = HeaderValues.text(headers.get(WireContract.HEADER_THREAD));
        Long eventTime = HeaderValues.number(headers.get(WireContract.HEADER_EVENT_TIME));
        if (eventTime == null && properties != null && properties.getTimestamp() != null) {
            eventTime = properties.getTimestamp().getTime();
        }
        this.eventTime = eventTime;
        this.host = HeaderValues.text(headers.get(WireContract.HEADER_HOST));
        String app = HeaderValues.text(headers.get(WireContract.HEADER_APP));
        this.app = app != null ? app : properties == null ? null : properties.getAppId();
        this.seq = HeaderValues.number(headers.get(WireContract.HEADER_SEQ));
        this.eventCount = HeaderValues.number(headers.get(WireContract.HEADER_EVENT_COUNT));
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
