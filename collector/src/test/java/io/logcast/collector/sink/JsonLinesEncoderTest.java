package io.logcast.collector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logcast.collector.decode.EventDecoder;
import io.logcast.collector.decode.MessageHeaders;
import io.logcast.collector.decode.RemoteEvent;

import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** The disk's JSON format: every text of an event comes back exactly, and no control character is written raw. */
class JsonLinesEncoderTest {

    /** Quotes and backslashes, which Logback's JsonEncoder writes raw in some fields, and control characters of every kind. */
    private static final String HOSTILE = "\"q\" \\b\\ \u001b]0;pwned\u0007\u001b[2J\u0000\r\u007f\u0085\u009b31m \uc548\ub155 \ud83c\udf89 e\u0301";

    @Test
    void everyTextComesBackExactlyThroughAStrictJsonParserAndTheCollectorsDecoder() throws Exception {
        LoggingEvent event = hostileEvent();
        JsonLinesEncoder encoder = new JsonLinesEncoder();
        encoder.setContext(new LoggerContext());
        encoder.start();

        byte[] line = encoder.encode(event);

        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        assertThat(text.chars()).as(text).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
        JsonNode strict = new ObjectMapper().readTree(text);
        assertThat(strict.path("loggerName").asText()).isEqualTo("logger" + HOSTILE);
        assertThat(strict.path("context").path("name").asText()).isEqualTo("context" + HOSTILE);

        RemoteEvent back = new EventDecoder().decode(MessageHeaders.of(null), line).get(0);
        assertSameTexts(back, event);
    }

    private static void assertSameTexts(ILoggingEvent actual, ILoggingEvent expected) {
        assertThat(actual.getLoggerName()).isEqualTo(expected.getLoggerName());
        assertThat(actual.getThreadName()).isEqualTo(expected.getThreadName());
        assertThat(actual.getLevel()).isEqualTo(expected.getLevel());
        assertThat(actual.getTimeStamp()).isEqualTo(expected.getTimeStamp());
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
        assertThat(actual.getFormattedMessage()).isEqualTo(expected.getFormattedMessage());
        assertThat(actual.getArgumentArray()).containsExactly(expected.getArgumentArray());
        assertThat(actual.getMDCPropertyMap()).isEqualTo(expected.getMDCPropertyMap());
        assertThat(actual.getMarkerList()).extracting(org.slf4j.Marker::getName).containsExactly("marker" + HOSTILE);
        assertThat(actual.getKeyValuePairs()).extracting(pair -> pair.key + "=" + pair.value).containsExactly("kv" + HOSTILE + "=v" + HOSTILE);
        assertThat(actual.getLoggerContextVO().getName()).isEqualTo(expected.getLoggerContextVO().getName());
        // the decoder adds the remote application: the context name, when no header says it
        assertThat(actual.getLoggerContextVO().getPropertyMap()).containsAllEntriesOf(expected.getLoggerContextVO().getPropertyMap());
        IThrowableProxy throwable = actual.getThrowableProxy();
        assertThat(throwable.getClassName()).isEqualTo(expected.getThrowableProxy().getClassName());
        assertThat(throwable.getMessage()).isEqualTo(expected.getThrowableProxy().getMessage());
        assertThat(throwable.getStackTraceElementProxyArray()).extracting(step -> step.getStackTraceElement())
                .containsExactly(frames(expected.getThrowableProxy()));
        assertThat(throwable.getCause().getMessage()).isEqualTo(expected.getThrowableProxy().getCause().getMessage());
        assertThat(throwable.getCause().getStackTraceElementProxyArray()).extracting(step -> step.getStackTraceElement())
                .containsExactly(frames(expected.getThrowableProxy().getCause()));
    }

    private static StackTraceElement[] frames(IThrowableProxy throwable) {
        return java.util.Arrays.stream(throwable.getStackTraceElementProxyArray())
                .map(step -> step.getStackTraceElement()).toArray(StackTraceElement[]::new);
    }

    private static LoggingEvent hostileEvent() {
        LoggerContext context = new LoggerContext();
        context.setName("context" + HOSTILE);
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("property" + HOSTILE, "value" + HOSTILE);
        IllegalStateException cause = new IllegalStateException("cause" + HOSTILE);
        cause.setStackTrace(new StackTraceElement[] {new StackTraceElement("Cause" + HOSTILE, "method" + HOSTILE, "File" + HOSTILE, 3),
            new StackTraceElement("Shared", "run", "Shared.java", 9)});
        RuntimeException failure = new RuntimeException("failure" + HOSTILE, cause);
        failure.setStackTrace(new StackTraceElement[] {new StackTraceElement("Outer" + HOSTILE, "call" + HOSTILE, null, -1),
            new StackTraceElement("Shared", "run", "Shared.java", 9)});
        LoggingEvent event = new LoggingEvent("x", context.getLogger("logger" + HOSTILE), Level.ERROR, "message {}" + HOSTILE,
                failure, new Object[] {"argument" + HOSTILE});
        event.setThreadName("thread" + HOSTILE);
        event.setMDCPropertyMap(Map.of("key" + HOSTILE, "value" + HOSTILE));
        event.addMarker(MarkerFactory.getDetachedMarker("marker" + HOSTILE));
        event.addKeyValuePair(new KeyValuePair("kv" + HOSTILE, "v" + HOSTILE));
        return event;
    }
}
