package io.logcast.collector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** The encoder of the console and of the disk's text format: no control character of an event reaches its bytes. */
class TerminalSafeEncoderTest {

    private static final String ESCAPES = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\r";
    private static final String SHOWN = "\\x1B]0;pwned\\x07\\x1B[2J\\x9B31m\\x0D";

    @Test
    void everyTextOfAnEventIsEscapedAndTheBytesAreUtf8() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("logcast.app", "app" + ESCAPES);
        LoggingEvent event = new LoggingEvent("x", context.getLogger("logger" + ESCAPES), Level.WARN, "msg" + ESCAPES + " \uc548\ub155 \ud83c\udf89",
                new IllegalStateException("cause" + ESCAPES), null);
        event.setThreadName("thread" + ESCAPES);
        event.setMDCPropertyMap(Map.of("key" + ESCAPES, "value" + ESCAPES));
        event.addMarker(MarkerFactory.getDetachedMarker("marker" + ESCAPES));
        event.addKeyValuePair(new KeyValuePair("kv" + ESCAPES, "v" + ESCAPES));
        event.setCallerData(new StackTraceElement[] {new StackTraceElement("Class" + ESCAPES, "method" + ESCAPES, "File" + ESCAPES, 7)});
        TerminalSafeEncoder encoder = new TerminalSafeEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level|%logger|%thread|%msg|%mdc|%marker|%kvp|%class.%method:%line|%caller{1}|%property{logcast.app}|%ex{1}%n");
        encoder.start();

        byte[] bytes = encoder.encode(event);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(encoder.getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(text.chars()).as(text).noneMatch(c -> (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f));
        assertThat(text).startsWith("WARN|logger" + SHOWN + "|thread" + SHOWN + "|msg" + SHOWN + " \uc548\ub155 \ud83c\udf89|key" + SHOWN
                + "=value" + SHOWN + "|marker" + SHOWN + "|kv" + SHOWN + "=\"v" + SHOWN + "\"|Class" + SHOWN + ".method" + SHOWN + ":7|");
        assertThat(text).contains("at Class" + SHOWN + ".method" + SHOWN + "(File" + SHOWN + ":7)", "|app" + SHOWN + "|",
                "java.lang.IllegalStateException: cause" + SHOWN);
        assertThat(List.of(event.getFormattedMessage(), event.getThreadName())).as("the event itself is untouched")
                .containsExactly("msg" + ESCAPES + " \uc548\ub155 \ud83c\udf89", "thread" + ESCAPES);
    }
}
