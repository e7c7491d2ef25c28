package io.logcast.collector.decode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcast.core.ConnectionFactories;

import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Turns one AMQP message into the log events it carries. Accepts everything the wire contract
 * promises to accept and never throws: our JSON (Logback's JsonEncoder, one event or a batch of
 * one per line), other JSON (Logstash and ECS field names), plain text, and garbage, which becomes
 * a text event whose message is the body with invalid bytes shown as {@code \xNN}.
 */
public final class EventDecoder {

    /** Logger name of a text body whose headers name no logger. */
    public static final String PLAIN_TEXT_LOGGER = "logcast.text";
    /** Logger name of a body that claims to be JSON and is not. */
    public static final String UNDECODABLE_LOGGER = "logcast.undecodable";
    /** MDC key that says why a body was taken as text. */
    public static final String DECODE_ERROR_KEY = "logcast.decode_error";

    private static final Pattern LEADING_LEVEL = Pattern.compile("^\\s*\\[?([A-Za-z]+)\\]?\\s*:");

    private final ObjectMapper json;

    public EventDecoder() {
        // Logback's JsonEncoder does not escape every field (a logger name keeps its raw control
        // characters), so raw control characters inside strings are accepted. A string or a name may
        // be as long as the largest message a broker delivers; numbers keep Jackson's limit (their
        // parsing cost grows faster than their length), deep nesting stays refused.
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(500)
                        .maxStringLength(ConnectionFactories.MAX_MESSAGE_BYTES)
                        .maxNameLength(ConnectionFactories.MAX_MESSAGE_BYTES)
                        .build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    /** The events in one message ({@code headers}: its properties, read once): at least one, in the order they were logged. */
    public List<RemoteEvent> decode(MessageHeaders headers, byte[] body) {
        if (looksLikeJson(body)) {
            try {
                return fromJsonLines(body, headers);
            } catch (IOException | RuntimeException notJson) {
                return List.of(text(body, headers, headers.isJsonContentType() ? describe(notJson) : null));
            }
        }
        if (headers.isJsonContentType()) {
            return List.of(text(body, headers, "not a JSON object"));
        }
        return List.of(text(body, headers, null));
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /** The index of {@code b} in {@code bytes} from {@code from}, else the length. */
    private static int indexOf(char b, byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return "invalid JSON: " + (end < 0 ? message : message.substring(0, end));
    }

    /** One event per line, each parsed from the body's bytes in place (a body may be hundreds of megabytes). */
    private List<RemoteEvent> fromJsonLines(byte[] body, MessageHeaders headers) throws IOException {
        if (!Utf8Text.isValid(body, body.length)) {
            throw new IOException("body is not UTF-8");
        }
        List<RemoteEvent> events = new ArrayList<>();
        for (int start = 0, end; start < body.length; start = end + 1) {
            end = indexOf('\n', body, start);
            if (isBlank(body, start, end)) {
                continue;
            }
            events.add(fromJsonLine(body, start, end - start, headers));
        }
        if (events.isEmpty()) {
            throw new IOException("no JSON object");
        }
        return events;
    }

    /** Logback's JSON is read as it is parsed; a line that turns out to be another layout's is read again as a tree. */
    private RemoteEvent fromJsonLine(byte[] body, int start, int length, MessageHeaders headers) throws IOException {
        LogbackJsonLine line;
        try (JsonParser parser = json.createParser(body, start, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a line is not a JSON object");
            }
            line = LogbackJsonLine.read(parser);
        }
        if (line.isLogback()) {
            return line.toEvent(headers);
        }
        return fromForeignJson(json.readTree(body, start, length), headers);
    }

    /** Logback's key-value pairs: an array of one-field objects. */
    static List<KeyValuePair> keyValuePairs(JsonNode array) {
        List<KeyValuePair> pairs = new ArrayList<>();
        array.forEach(pair -> pair.fields().forEachRemaining(
                field -> pairs.add(new KeyValuePair(field.getKey(), field.getValue().asText()))));
        return pairs;
    }

    /** Logback's markers: an array of names. */
    static List<org.slf4j.Marker> markers(JsonNode array) {
        List<org.slf4j.Marker> markers = new ArrayList<>();
        array.forEach(marker -> markers.add(MarkerFactory.getDetachedMarker(marker.asText())));
        return markers;
    }

    /** Logback's throwable, with its causes and suppressed ones. */
    static IThrowableProxy throwable(JsonNode node) {
        return throwable(node, new StackTraceElementProxy[0]);
    }

    /**
     * One throwable of the chain. Logback writes only the frames that are not shared with the
     * enclosing exception; the shared tail is taken back from the enclosing one so that Logback's
     * converters see the same arrays as for a live exception.
     */
    private static IThrowableProxy throwable(JsonNode node, StackTraceElementProxy[] enclosing) {
        List<StackTraceElementProxy> frames = new ArrayList<>();
        node.path("stepArray").forEach(step -> frames.add(new StackTraceElementProxy(new StackTraceElement(
                step.path("className").asText("?"), step.path("methodName").asText("?"),
                step.path("fileName").asText(null), step.path("lineNumber").asInt(-1)))));
        int common = Math.max(0, Math.min(node.path("commonFramesCount").asInt(0), enclosing.length));
        for (int i = enclosing.length - common; i < enclosing.length; i++) {
            frames.add(enclosing[i]);
        }
        StackTraceElementProxy[] all = frames.toArray(new StackTraceElementProxy[0]);
        RemoteThrowable throwable = new RemoteThrowable(node.path("className").asText("?"),
                node.path("message").isNull() ? null : node.path("message").asText(null), all, common);
        if (node.path("cause").isObject()) {
            throwable.setCause(throwable(node.path("cause"), all));
        }
        if (node.path("suppressed").isArray()) {
            List<IThrowableProxy> suppressed = new ArrayList<>();
            node.path("suppressed").forEach(each -> suppressed.add(throwable(each, all)));
            throwable.setSuppressed(suppressed.toArray(new IThrowableProxy[0]));
        }
        return throwable;
    }

    /** Logstash ({@code @timestamp}, {@code logger_name}...) and ECS ({@code log.level}...) field names. */
    private static RemoteEvent fromForeignJson(JsonNode node, MessageHeaders headers) {
        RemoteEvent.Builder event = RemoteEvent.builder();
        headers.applyTo(event);
        Level level = MessageHeaders.level(first(node, "level", "log.level", "severity"));
        if (level != null) {
            event.level = level;
        }
        String logger = first(node, "logger_name", "log.logger", "logger");
        if (logger != null) {
            event.loggerName = logger;
        }
        String thread = first(node, "thread_name", "process.thread.name", "thread");
        if (thread != null) {
            event.threadName = thread;
        }
        String timestamp = first(node, "@timestamp", "timestamp");
        if (timestamp != null) {
            try {
                event.timestamp = Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                // keep the header's or the arrival time
            }
        }
        String message = first(node, "message", "msg");
        String stackTrace = first(node, "stack_trace", "error.stack_trace");
        event.message = message == null ? node.toString() : message;
        if (stackTrace != null) {
            event.message = event.message + System.lineSeparator() + stackTrace.stripTrailing();
        }
        String app = first(node, "service.name", "app", "application");
        if (headers.app == null && app != null) {
            event.contextProperties.put(RemoteEvent.APP_PROPERTY, app);
        }
        String host = first(node, "host.name", "HOSTNAME", "host");
        if (headers.host == null && host != null) {
            event.contextProperties.put(RemoteEvent.HOST_PROPERTY, host);
        }
        Map<String, String> mdc = new LinkedHashMap<>(strings(node.path("mdc")));
        event.mdc = mdc;
        return event.build();
    }

    /** The first of the named fields that holds a scalar; a dotted name is also looked up as a path (ECS). */
    private static String first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value == null && name.contains(".")) {
                value = node;
                for (String part : name.split("\\.")) {
                    value = value.path(part);
                }
            }
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> map.put(field.getKey(),
                field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return map;
    }

    /**
     * A body taken as text, without its line end. Level from the header, else from a leading
     * {@code level:} word (the tutorial's {@code emit_log} sends {@code info: Hello World!}), else INFO.
     * Time from the {@code event_time} header, else from a time the text starts with (see
     * {@link LeadingTimestamp}), else from the {@code timestamp} property, else the arrival.
     */
    private static RemoteEvent text(byte[] body, MessageHeaders headers, String decodeError) {
        RemoteEvent.Builder event = RemoteEvent.builder();
        int length = body.length;
        if (length > 0 && body[length - 1] == '\n') {
            length -= length > 1 && body[length - 2] == '\r' ? 2 : 1;
        }
        String text = Utf8Text.decode(body, length);
        event.message = text;
        if (decodeError != null) {
            event.loggerName = UNDECODABLE_LOGGER;
            event.mdc = Map.of(DECODE_ERROR_KEY, decodeError);
        }
        Matcher leading = LEADING_LEVEL.matcher(text.length() > 64 ? text.substring(0, 64) : text);
        if (leading.find() && MessageHeaders.level(leading.group(1)) != null) {
            event.level = MessageHeaders.level(leading.group(1));
        }
        headers.applyTo(event);
        if (headers.eventTime == null) {
            Long time = LeadingTimestamp.read(text, headers.timestamp);
            if (time != null) {
                event.timestamp = time;
            }
        }
        return event.build();
    }
}
