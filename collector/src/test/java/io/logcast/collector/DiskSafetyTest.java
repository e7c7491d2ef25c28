package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logcast.collector.sink.JsonLinesEncoder;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever runs {@code tail -f} or {@code less -R} on the disk writer's file gets no escape sequence from
 * an event: the text format escapes every text as the console does, the JSON format escapes it as JSON
 * and gives back the exact original.
 */
@RealBroker
class DiskSafetyTest {

    private static final String TUTORIAL_ATTACK = "error: \u001b]0;pwned\u0007 and \u001b[2J clear";

    @Test
    void noControlCharacterOfAnyEventFieldReachesTheTextFileAndTheJsonFileGivesBackTheExactOriginals(
            TestBroker broker, @TempDir Path dir) throws Exception {
        String corpus = SecurityTest.CORPUS + " \"quoted\" back\\slash";
        WireMessages wire = new WireMessages("app " + corpus, "host " + corpus);
        IllegalStateException cause = new IllegalStateException("cause " + corpus);
        cause.setStackTrace(new StackTraceElement[] {new StackTraceElement("Frame" + corpus, "method" + corpus, "File" + corpus, 7)});
        LoggingEvent event = wire.event(Level.ERROR, "logger " + corpus, "thread " + corpus, "message {} " + corpus,
                new Object[] {"argument " + corpus}, Map.of("key " + corpus, "value " + corpus), cause);
        Path text = dir.resolve("text.log");
        Path json = dir.resolve("json.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess textDisk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", text.toString());
             DaemonProcess jsonDisk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", json.toString(), "--format", "json")) {
            textDisk.awaitConsuming();
            jsonDisk.awaitConsuming();
            exchange.publishText(TUTORIAL_ATTACK);
            // Logback's JsonEncoder would write the logger name and the frames raw (a backslash breaks its JSON)
            exchange.publish(wire.properties(List.of(event)), validJson(event));
            exchange.publishText("last");
            for (Path file : List.of(text, json)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.readString(file).contains("last"));
            }

            byte[] bytes = Files.readAllBytes(text);
            for (byte b : bytes) {
                assertThat(b).as("a control byte in the text file").matches(c -> c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7f) || c < 0);
            }
            String written = new String(bytes, StandardCharsets.UTF_8);
            assertThat(written.chars()).as("a C1 character in the text file").noneMatch(c -> c >= 0x80 && c <= 0x9f);
            assertThat(written).contains("logcast.text - error: \\x1B]0;pwned\\x07 and \\x1B[2J clear",
                    "app csi\\x1B[2J\\x1B[31m osc0\\x1B]0;pwned\\x07", "[thread csi\\x1B[2J", "logger csi\\x1B[2J",
                    "message argument csi\\x1B[2J", "c1csi\\x9B2J", "key csi\\x1B[2J", "cause csi\\x1B[2J",
                    "at Framecsi\\x1B[2J");

            List<JsonNode> lines = readJsonLines(json);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo(TUTORIAL_ATTACK);
            JsonNode back = lines.get(1);
            assertThat(back.path("loggerName").asText()).isEqualTo("logger " + corpus);
            assertThat(back.path("threadName").asText()).isEqualTo("thread " + corpus);
            assertThat(back.path("message").asText()).isEqualTo("message {} " + corpus);
            assertThat(back.path("formattedMessage").asText()).isEqualTo("message argument " + corpus + " " + corpus);
            assertThat(back.path("arguments").get(0).asText()).isEqualTo("argument " + corpus);
            assertThat(back.path("mdc").path("key " + corpus).asText()).isEqualTo("value " + corpus);
            assertThat(back.path("context").path("properties").path("logcast.app").asText()).isEqualTo("app " + corpus);
            assertThat(back.path("context").path("properties").path("logcast.host").asText()).isEqualTo("host " + corpus);
            assertThat(back.path("throwable").path("message").asText()).isEqualTo("cause " + corpus);
            JsonNode frame = back.path("throwable").path("stepArray").get(0);
            assertThat(List.of(frame.path("className").asText(), frame.path("methodName").asText(), frame.path("fileName").asText()))
                    .containsExactly("Frame" + corpus, "method" + corpus, "File" + corpus);
        }
    }

    private static byte[] validJson(LoggingEvent event) {
        JsonLinesEncoder encoder = new JsonLinesEncoder();
        encoder.setContext(new LoggerContext());
        encoder.start();
        return encoder.encode(event);
    }

    /** Each line parsed by a strict JSON parser, which refuses raw control characters. */
    private static List<JsonNode> readJsonLines(Path file) throws Exception {
        ObjectMapper strict = new ObjectMapper();
        String content = Files.readString(file);
        assertThat(content.chars()).as("a raw control character in the JSON file").noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f));
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : content.split("\n")) {
            nodes.add(strict.readTree(line));
        }
        return nodes;
    }
}
