package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;

import org.junit.jupiter.api.Test;

class TruncationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordedStatus app = new RecordedStatus();
    private final JsonEncoder json = app.json();

    @Test
    void aLongMessageIsCutToFitAndEndsWithTheNumberOfBytesCut() throws Exception {
        String message = "0123456789".repeat(200 * 1024); // 2 MB
        ILoggingEvent event = app.event(Level.INFO, "{}", null, message); // in formattedMessage, and as an argument

        JsonNode cut = fitJson(event, 256 * 1024);

        String formatted = cut.get("formattedMessage").asText();
        int kept = formatted.indexOf(" [truncated ");
        assertThat(formatted).isEqualTo(message.substring(0, kept) + " [truncated " + (message.length() - kept) + " bytes]");
        assertThat(cut.get("message").asText()).as("the raw message, which held only {}, is the cut text").isEqualTo(formatted);
        assertThat(cut.has("arguments")).as("the argument repeated the text").isFalse();
        assertThat(kept).as("the message keeps most of the room (it is written twice)").isGreaterThan(100_000);
    }

    @Test
    void aHugeStackTraceKeepsItsFirstFramesTheMessageAndSaysHowManyBytesOfTraceWereCut() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        StackTraceElement[] frames = new StackTraceElement[5_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("app.Recursive" + (i % 7), "descend", "Recursive.java", i + 1);
        }
        boom.setStackTrace(frames);

        JsonNode cut = fitJson(app.event(Level.ERROR, "request failed", boom), 16 * 1024);

        assertThat(cut.get("formattedMessage").asText()).isEqualTo("request failed");
        JsonNode steps = cut.get("throwable").get("stepArray");
        assertThat(steps.size()).isBetween(100, frames.length - 1);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i).get("lineNumber").asInt()).isEqualTo(i + 1);
        }
        long cutBytes = 0;
        for (int i = steps.size(); i < frames.length; i++) {
            cutBytes += ("\tat " + frames[i] + "\n").length();
        }
        assertThat(cut.get("throwable").get("message").asText()).isEqualTo("boom [truncated " + cutBytes + " bytes]");
    }

    @Test
    void theMessageKeepsAQuarterOfTheLimitBeforeTheStackTraceIsCut() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        StackTraceElement[] frames = new StackTraceElement[2_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("app.Loop", "run", "Loop.java", i + 1);
        }
        boom.setStackTrace(frames);
        String message = "m".repeat(100 * 1024);

        JsonNode cut = fitJson(app.event(Level.ERROR, message, boom), 32 * 1024);

        assertThat(cut.get("formattedMessage").asText()).isEqualTo("m".repeat(8 * 1024) + " [truncated " + (92 * 1024) + " bytes]");
        assertThat(cut.get("throwable").get("message").asText()).startsWith("boom [truncated ");
        assertThat(cut.get("throwable").get("stepArray").size()).isPositive();
    }

    @Test
    void aCutNeverSplitsACharacter() throws Exception {
        String message = "안녕하세요 🎉 e\u0301 ".repeat(10_000);

        JsonNode cut = fitJson(app.event(message), 8 * 1024);

        String formatted = cut.get("formattedMessage").asText();
        String kept = formatted.substring(0, formatted.indexOf(" [truncated "));
        assertThat(message).startsWith(kept);
        assertThat(kept).doesNotContain("\uFFFD");
        assertThat(formatted).endsWith(" [truncated " + (message.getBytes(StandardCharsets.UTF_8).length
                - kept.getBytes(StandardCharsets.UTF_8).length) + " bytes]");
    }

    @Test
    void aTextBodyIsCutTheSameWay() {
        PatternLayoutEncoder text = app.pattern("%level %msg%n");
        ILoggingEvent event = app.event("y".repeat(1 << 20));
        byte[] body = text.encode(event);

        String cut = new String(new Truncation(text, 4096).fit(event, body), StandardCharsets.UTF_8);

        assertThat(cut.length()).isLessThanOrEqualTo(4096);
        assertThat(cut).matches("INFO y+ \\[truncated \\d+ bytes]\n");
    }

    @Test
    void anEventWhoseOtherFieldsExceedTheLimitCannotBeCutToFit() {
        app.context.getMDCAdapter().put("payload", "z".repeat(10_000));
        LoggingEvent event = app.event("short");
        byte[] body = json.encode(event);

        assertThat(new Truncation(json, 4096).fit(event, body)).isNull();
    }

    private JsonNode fitJson(ILoggingEvent event, int maxBytes) throws Exception {
        byte[] body = json.encode(event);
        byte[] cut = new Truncation(json, maxBytes).fit(event, body);
        assertThat(body.length).isGreaterThan(maxBytes);
        assertThat(cut.length).isLessThanOrEqualTo(maxBytes);
        return JSON.readTree(cut);
    }
}
