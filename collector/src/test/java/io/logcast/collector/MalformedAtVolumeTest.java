package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@Tag("reliability")
class MalformedAtVolumeTest {

    private static final int MESSAGES = 10_000;
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain; charset=utf-8",
            "application/octet-stream", "application/json; charset=latin1", "image/png", "", "\u001b[31mred", "x/".repeat(100));

    @Test
    void tenThousandMalformedMessagesAreEachAccountedForByBothDaemonsWhichStayAliveAndShowTheValidEventAfterwards(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        Random random = new Random(6);
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n");
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--pattern", "%msg%n", "--max-queue-length", "0")) {
            disk.awaitConsuming();
            console.awaitConsuming();
            long bytes = 0;
            for (int i = 0; i < MESSAGES; i++) {
                byte[] body = body(random, i);
                bytes += body.length;
                exchange.publish(properties(random), body);
            }
            String valid = "the valid event after " + MESSAGES + " malformed messages";
            exchange.publish(new AMQP.BasicProperties.Builder().contentType(WireContract.CONTENT_TYPE_TEXT).build(),
                    valid.getBytes(StandardCharsets.UTF_8));

            console.awaitStdout(valid + "\n", 1, Duration.ofMinutes(5));
            WrittenFile.awaitEnding(file, valid + "\n", Duration.ofMinutes(5));
            assertThat(disk.isAlive()).isTrue();
            assertThat(console.isAlive()).isTrue();
            disk.terminate();
            console.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(60))).as(disk.stderr()).isZero();
            assertThat(console.awaitExit(Duration.ofSeconds(60))).as(console.stderr()).isZero();

            assertThat(WrittenFile.endsWith(file, valid + "\n")).isTrue();
            for (DaemonProcess daemon : List.of(disk, console)) {
                String summary = Faults.summary(daemon);
                // every message counted, every one written at least once (a JSON batch may hold several events)
                assertThat(Faults.count(summary, "messages")).isEqualTo(MESSAGES + 1);
                assertThat(Faults.count(summary, "events written")).isGreaterThanOrEqualTo(MESSAGES + 1);
                assertThat(Faults.count(summary, "duplicates suppressed")).isZero();
                assertThat(daemon.stderr()).doesNotContain("Exception", "Error");
            }
            FileTally.report("malformed input", MESSAGES + 1, 0, 0, "bytes=" + bytes
                    + " disk_events_written=" + Faults.count(Faults.summary(disk), "events written")
                    + " console_events_written=" + Faults.count(Faults.summary(console), "events written"));
        }
    }

    /** Headers of the wrong types under the contract's names; never a usable producer + seq pair. */
    private static AMQP.BasicProperties properties(Random random) {
        Map<String, Object> headers = new HashMap<>();
        Object[] wrong = {42, "yesterday", true, List.of("a", 1), Map.of("nested", Map.of("deeper", 1)), 3.5, new byte[] {0, 1, 2}, null};
        for (String name : List.of(WireContract.HEADER_LEVEL, WireContract.HEADER_LOGGER, WireContract.HEADER_EVENT_TIME,
                WireContract.HEADER_EVENT_COUNT, WireContract.HEADER_APP, WireContract.HEADER_SEQ, WireContract.HEADER_THREAD)) {
            if (random.nextBoolean()) {
                headers.put(name, wrong[random.nextInt(wrong.length)]);
            }
        }
        // a producer with a seq that is not an integer: accounting must let it through, uncounted
        if (random.nextInt(4) == 0) {
            headers.put(WireContract.HEADER_PRODUCER, "producer-" + random.nextInt(3));
            headers.put(WireContract.HEADER_SEQ, "seq-" + random.nextInt(100));
        }
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())))
                .headers(headers)
                .build();
    }

    private static byte[] body(Random random, int i) {
        switch (i % 6) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(2_000)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1: {
                String json = "{\"level\":\"ERROR\",\"loggerName\":\"x\",\"formattedMessage\":\"" + "m".repeat(random.nextInt(500)) + "\"}";
                return json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 2: {
                int depth = 400 + random.nextInt(800);
                return ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            }
            case 3:
                // oversized, one in 500 messages: 1 to 4 MB
                return i % 500 == 3 ? "y".repeat(1_000_000 + random.nextInt(3_000_000)).getBytes(StandardCharsets.UTF_8)
                        : ("{\"message\": [1, 2, {\"x\": null}], \"level\": 7, \"@timestamp\": \"not a time\"}").getBytes(StandardCharsets.UTF_8);
            case 4:
                return "\u001b[2J\u001b]0;title\u0007\u009b31m control \r\n\u0000 bytes".getBytes(StandardCharsets.UTF_8);
            default:
                return new byte[0];
        }
    }
}
