package io.logcast.collector.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

import io.logcast.collector.decode.RemoteEvent;

import org.slf4j.event.KeyValuePair;

/**
 * A log event as the page shows it: its texts, each cut to a length a page can hold (the disk writer
 * keeps the whole event). Every text is the remote application's and untrusted: the page renders it
 * as text, never as markup.
 *
 * @param exceptionChain the exception and its causes, {@code "Class: message"} each, outermost first
 * @param exceptionTrace the whole stack trace as Logback prints it, or null without an exception
 */
record WebEvent(long time, String level, String app, String host, String thread, String logger, String message,
                Map<String, String> mdc, Map<String, String> keyValues, List<String> exceptionChain,
                String exceptionTrace) implements FeedItem {

    /** Longest message kept, in characters. */
    static final int MAX_MESSAGE = 16_384;
    /** Longest stack trace kept, in characters. */
    static final int MAX_TRACE = 65_536;
    /** Longest thread, logger, application, host, MDC or key/value text kept, in characters. */
    static final int MAX_FIELD = 1_024;
    /** MDC entries, key/value pairs and causes kept. */
    static final int MAX_ENTRIES = 64;

    static WebEvent of(ILoggingEvent event) {
        Map<String, String> origin = event.getLoggerContextVO() == null ? Map.of() : event.getLoggerContextVO().getPropertyMap();
        IThrowableProxy thrown = event.getThrowableProxy();
        return new WebEvent(event.getTimeStamp(), event.getLevel().toString(),
                limit(origin.getOrDefault(RemoteEvent.APP_PROPERTY, "-"), MAX_FIELD),
                limit(origin.getOrDefault(RemoteEvent.HOST_PROPERTY, "-"), MAX_FIELD),
                limit(event.getThreadName(), MAX_FIELD), limit(event.getLoggerName(), MAX_FIELD),
                limit(event.getFormattedMessage(), MAX_MESSAGE), limitEntries(event.getMDCPropertyMap()),
                keyValues(event.getKeyValuePairs()), chain(thrown),
                thrown == null ? null : limit(ThrowableProxyUtil.asString(thrown), MAX_TRACE));
    }

    /** The text, or its first {@code max} characters and a visible note of what was cut. */
    static String limit(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + " [cut: " + (text.length() - end) + " more characters]";
    }

    private static Map<String, String> limitEntries(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return Map.of();
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (kept.size() == MAX_ENTRIES) {
                break;
            }
            kept.put(limit(entry.getKey(), MAX_FIELD), limit(entry.getValue(), MAX_FIELD));
        }
        return Collections.unmodifiableMap(kept);
    }

    private static Map<String, String> keyValues(List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return Map.of();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (KeyValuePair pair : pairs) {
            entries.put(pair.key, String.valueOf(pair.value));
        }
        return limitEntries(entries);
    }

    private static List<String> chain(IThrowableProxy thrown) {
        List<String> chain = new ArrayList<>();
        for (IThrowableProxy p = thrown; p != null && chain.size() < MAX_ENTRIES; p = p.getCause()) {
            chain.add(limit(p.getMessage() == null ? p.getClassName() : p.getClassName() + ": " + p.getMessage(), MAX_FIELD));
        }
        return List.copyOf(chain);
    }
}
