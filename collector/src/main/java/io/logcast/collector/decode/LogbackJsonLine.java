package io.logcast.collector.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of one line of Logback's {@code JsonEncoder}, read from the parser's tokens as they come
 * rather than through a tree: every event of the usual stream passes here. Reads what
 * {@link EventDecoder} once read from a tree, with the same meaning (the last of repeated fields
 * wins, a field of an unexpected type is the same default); the rare parts (a throwable, key-value
 * pairs, markers, nested values) are read as trees.
 */
final class LogbackJsonLine {

    /** The parser stands on the line's START_OBJECT; returns the fields read, the parser past the object. */
    static LogbackJsonLine read(JsonParser parser) throws IOException {
        LogbackJsonLine line = new LogbackJsonLine();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            line.field(name, value, parser);
        }
        return line;
    }

    // each as the tree's path(name) gave it: absent is null (or false)
    private Long timestamp;
    private Integer nanoseconds;
    private long sequenceNumber;
    private String level;
    private boolean hasLoggerName;
    private String threadName;
    private boolean threadNameIsText;
    private String loggerName;
    private boolean loggerNameIsText;
    private String message;
    private boolean hasFormattedMessage;
    private String formattedMessage;
    private Object[] arguments;
    private Map<String, String> mdc = Map.of();
    private JsonNode kvpList;
    private JsonNode markers;
    private boolean hasContext;
    private String contextName;
    private boolean contextNameIsText;
    private boolean hasContextNameField;
    private long contextBirthTime;
    private Map<String, String> contextProperties = Map.of();
    private JsonNode throwable;

    private LogbackJsonLine() {
    }

    /** Whether the line is Logback's (it names a logger or has a formatted message), rather than another JSON layout. */
    boolean isLogback() {
        return hasLoggerName || hasFormattedMessage;
    }

    private void field(String name, JsonToken value, JsonParser parser) throws IOException {
        switch (name) {
            case "timestamp" -> timestamp = integral(value, parser);
            case "nanoseconds" -> nanoseconds = value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                    ? parser.getIntValue() : skip(parser, null);
            case "sequenceNumber" -> sequenceNumber = value.isScalarValue() ? parser.getValueAsLong(0) : skip(parser, 0L);
            case "level" -> level = text(value, parser, null);
            case "threadName" -> {
                threadNameIsText = value != JsonToken.VALUE_NULL;
                threadName = text(value, parser, null);
            }
            case "loggerName" -> {
                hasLoggerName = true;
                loggerNameIsText = value != JsonToken.VALUE_NULL;
                loggerName = text(value, parser, null);
            }
            case "message" -> message = text(value, parser, null);
            case "formattedMessage" -> {
                hasFormattedMessage = true;
                formattedMessage = text(value, parser, null);
            }
            case "arguments" -> arguments = value == JsonToken.START_ARRAY ? arguments(parser) : skip(parser, null);
            case "mdc" -> mdc = value == JsonToken.START_OBJECT ? strings(parser) : skip(parser, Map.of());
            case "kvpList" -> kvpList = tree(value, parser);
            case "markers" -> markers = tree(value, parser);
            case "context" -> {
                hasContext = value == JsonToken.START_OBJECT;
                if (hasContext) {
                    context(parser);
                } else {
                    parser.skipChildren();
                    contextName = null;
                    hasContextNameField = false;
                    contextBirthTime = 0;
                    contextProperties = Map.of();
                }
            }
            case "throwable" -> throwable = tree(value, parser);
            default -> parser.skipChildren();
        }
    }

    private void context(JsonParser parser) throws IOException {
        contextName = null;
        contextNameIsText = false;
        hasContextNameField = false;
        contextBirthTime = 0;
        contextProperties = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "name" -> {
                    hasContextNameField = true;
                    contextNameIsText = value != JsonToken.VALUE_NULL;
                    contextName = text(value, parser, "null");
                }
                case "birthdate" -> contextBirthTime = value.isScalarValue() ? parser.getValueAsLong(0) : skip(parser, 0L);
                case "properties" -> contextProperties = value == JsonToken.START_OBJECT ? strings(parser) : skip(parser, Map.of());
                default -> parser.skipChildren();
            }
        }
    }

    /** Fills {@code event} as Logback's event was; the headers applied first, then the fields, then the headers' origin again. */
    RemoteEvent toEvent(MessageHeaders headers) {
        RemoteEvent.Builder event = RemoteEvent.builder();
        headers.applyTo(event);
        if (timestamp != null) {
            event.timestamp = timestamp;
        }
        if (nanoseconds != null) {
            event.nanoseconds = nanoseconds;
        }
        event.sequenceNumber = sequenceNumber;
        Level parsed = MessageHeaders.level(level);
        if (parsed != null) {
            event.level = parsed;
        }
        if (threadNameIsText) {
            event.threadName = threadName;
        }
        if (loggerNameIsText) {
            event.loggerName = loggerName;
        }
        event.message = message;
        event.formattedMessage = formattedMessage;
        if (event.message == null) {
            event.message = event.formattedMessage == null ? "" : event.formattedMessage;
        }
        event.arguments = arguments;
        event.mdc = mdc;
        if (kvpList != null && kvpList.isArray()) {
            event.keyValuePairs = EventDecoder.keyValuePairs(kvpList);
        }
        if (markers != null && markers.isArray()) {
            event.markers = EventDecoder.markers(markers);
        }
        if (hasContext) {
            if (contextNameIsText) {
                event.contextName = contextName;
            }
            event.contextBirthTime = contextBirthTime;
            event.contextProperties.putAll(contextProperties);
            if (headers.host == null && contextProperties.containsKey("HOSTNAME")) {
                event.contextProperties.put(RemoteEvent.HOST_PROPERTY, contextProperties.get("HOSTNAME"));
            }
            if (headers.app == null && hasContextNameField) {
                event.contextProperties.put(RemoteEvent.APP_PROPERTY, contextName);
            }
        }
        headers.applyOrigin(event);
        if (throwable != null && throwable.isObject()) {
            event.throwable = EventDecoder.throwable(throwable);
        }
        return event.build();
    }

    /** A timestamp: any number that fits a long (a fraction cut off); anything else is absent. */
    private static Long integral(JsonToken value, JsonParser parser) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            double number = parser.getDoubleValue();
            return number >= Long.MIN_VALUE && number <= Long.MAX_VALUE ? (long) number : null;
        }
        return skip(parser, null);
    }

    /** A scalar's text ({@code otherwise} for null); an object or array is the empty text, as a tree's node says. */
    private static String text(JsonToken value, JsonParser parser, String otherwise) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return otherwise;
        }
        if (value.isStructStart()) {
            parser.skipChildren();
            return "";
        }
        return parser.getText();
    }

    /** Each argument: a string as it is, anything else as its JSON. */
    private static Object[] arguments(JsonParser parser) throws IOException {
        List<Object> arguments = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            arguments.add(token == JsonToken.VALUE_STRING ? parser.getText() : parser.readValueAsTree().toString());
        }
        return arguments.toArray();
    }

    /** An object's fields: scalars as their text, anything else as its JSON. */
    private static Map<String, String> strings(JsonParser parser) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            String text;
            if (value == JsonToken.VALUE_NULL) {
                text = "null";
            } else if (value.isStructStart()) {
                text = parser.readValueAsTree().toString();
            } else {
                text = parser.getText();
            }
            map.put(name, text);
        }
        return map;
    }

    /** A value read as a tree, when it is an array or an object (what the rare fields need); else null. */
    private static JsonNode tree(JsonToken value, JsonParser parser) throws IOException {
        if (value.isStructStart()) {
            return parser.readValueAsTree();
        }
        return null;
    }

    private static <T> T skip(JsonParser parser, T otherwise) throws IOException {
        parser.skipChildren();
        return otherwise;
    }
}
