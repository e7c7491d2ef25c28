package io.logcast.collector.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per event and line, with the field names of Logback's {@code JsonEncoder} (those the
 * collectors decode), written by Jackson so that every string is escaped: Logback's encoder writes the
 * logger name, the context name, exception class names and frames raw, so a quote from another
 * process breaks the line and an ESC reaches whoever reads the file. Lossless, and safe in a terminal:
 * control characters (C0, DEL, C1) are written as <code>\\u00XX</code>.
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactoryBuilder().characterEscapes(new ControlCharacterEscapes()).build();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(json, event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON into memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void write(JsonGenerator json, ILoggingEvent event) throws IOException {
        json.writeStartObject();
        json.writeNumberField("sequenceNumber", event.getSequenceNumber());
        json.writeNumberField("timestamp", event.getTimeStamp());
        json.writeNumberField("nanoseconds", event.getNanoseconds());
        json.writeStringField("level", String.valueOf(event.getLevel()));
        json.writeStringField("threadName", event.getThreadName());
        json.writeStringField("loggerName", event.getLoggerName());
        LoggerContextVO context = event.getLoggerContextVO();
        if (context != null) {
            json.writeObjectFieldStart("context");
            json.writeStringField("name", context.getName());
            json.writeNumberField("birthdate", context.getBirthTime());
            writeMap(json, "properties", context.getPropertyMap());
            json.writeEndObject();
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null && !markers.isEmpty()) {
            json.writeArrayFieldStart("markers");
            for (Marker marker : markers) {
                json.writeString(marker.getName());
            }
            json.writeEndArray();
        }
        writeMap(json, "mdc", event.getMDCPropertyMap());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            json.writeArrayFieldStart("kvpList");
            for (KeyValuePair pair : pairs) {
                json.writeStartObject();
                json.writeStringField(pair.key, String.valueOf(pair.value));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeStringField("message", event.getMessage());
        json.writeStringField("formattedMessage", event.getFormattedMessage());
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            json.writeArrayFieldStart("arguments");
            for (Object argument : arguments) {
                json.writeString(String.valueOf(argument));
            }
            json.writeEndArray();
        }
        if (event.getThrowableProxy() != null) {
            json.writeFieldName("throwable");
            writeThrowable(json, event.getThrowableProxy());
        }
        json.writeEndObject();
    }

    /** As Logback writes it: only the frames not shared with the enclosing exception, and how many are. */
    private static void writeThrowable(JsonGenerator json, IThrowableProxy throwable) throws IOException {
        json.writeStartObject();
        json.writeStringField("className", throwable.getClassName());
        json.writeStringField("message", throwable.getMessage());
        StackTraceElementProxy[] frames = throwable.getStackTraceElementProxyArray();
        int length = frames == null ? 0 : frames.length;
        int common = throwable.getCommonFrames() < length ? throwable.getCommonFrames() : 0;
        json.writeArrayFieldStart("stepArray");
        for (int i = 0; i < length - common; i++) {
            StackTraceElement frame = frames[i].getStackTraceElement();
            json.writeStartObject();
            json.writeStringField("className", frame.getClassName());
            json.writeStringField("methodName", frame.getMethodName());
            json.writeStringField("fileName", frame.getFileName());
            json.writeNumberField("lineNumber", frame.getLineNumber());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (common > 0) {
            json.writeNumberField("commonFramesCount", common);
        }
        if (throwable.getCause() != null) {
            json.writeFieldName("cause");
            writeThrowable(json, throwable.getCause());
        }
        IThrowableProxy[] suppressed = throwable.getSuppressed();
        if (suppressed != null && suppressed.length > 0) {
            json.writeArrayFieldStart("suppressed");
            for (IThrowableProxy each : suppressed) {
                writeThrowable(json, each);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeMap(JsonGenerator json, String name, Map<String, String> map) throws IOException {
        if (map == null || map.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    /** JSON's own escapes, plus DEL and the C1 controls, which JSON would let through raw. */
    private static final class ControlCharacterEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlCharacterEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return c >= 0x80 && c <= 0x9f ? new SerializedString(String.format("\\u%04X", c)) : null;
        }
    }
}
