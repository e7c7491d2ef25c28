package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class DeliveryAccountingTest {

    @Test
    void aGapInOneProducersSeqsIsReportedOnceWithItsExactRangeAndCounted(TestBroker broker, @TempDir Path dir) throws Exception {
        String producer = UUID.randomUUID().toString();
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n")) {
            disk.awaitConsuming();
            for (long seq = 1; seq <= 20; seq++) {
                if (seq < 11 || seq > 14) {
                    publish(exchange, producer, seq, 1, "event " + seq);
                }
            }
            exchange.publishText("a tutorial client's event, without producer or seq");
            WrittenFile.awaitLines(file, 17, Duration.ofSeconds(60));
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();

            List<String> expected = new ArrayList<>();
            for (long seq = 1; seq <= 20; seq++) {
                if (seq < 11 || seq > 14) {
                    expected.add("event " + seq);
                }
            }
            expected.add("a tutorial client's event, without producer or seq");
            assertThat(Files.readAllLines(file)).isEqualTo(expected);
            assertThat(disk.stderrLines()).filteredOn(line -> line.contains("WARN")).containsExactly(
                    "logcast-collector: WARN producer " + producer + " (app shop): 4 events missing (seq 11..14)");
            assertThat(disk.stderrLines()).as(disk.stderr()).last().isEqualTo("logcast-collector: delivery summary: 17 messages, "
                    + "17 events written (1 without producer/seq), 0 duplicates suppressed, 1 gaps reported, 4 events missing, "
                    + "0 late arrivals, 0 beyond the duplicate window");
        }
    }

    @Test
    void republishedSeqsSingleOrInABatchAreWrittenOnceAndCountedAsSuppressed(TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages app = new WireMessages("shop", "host-1");
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n")) {
            disk.awaitConsuming();
            for (long seq = 1; seq <= 10; seq++) {
                publish(exchange, app.producer, seq, 1, "event " + seq);
            }
            // redelivery as at-least-once makes it: 4..10 again, then a batch 9..12 whose first two are old
            for (long seq = 4; seq <= 10; seq++) {
                publish(exchange, app.producer, seq, 1, "event " + seq);
            }
            publishBatch(exchange, app, 9, 4);
            // a second producer with the same seqs is not a duplicate of the first
            String other = UUID.randomUUID().toString();
            publish(exchange, other, 1, 1, "other 1");
            publish(exchange, other, 1, 1, "other 1");
            WrittenFile.awaitLines(file, 13, Duration.ofSeconds(60));
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();

            List<String> expected = new ArrayList<>();
            for (long seq = 1; seq <= 12; seq++) {
                expected.add("event " + seq);
            }
            expected.add("other 1");
            assertThat(Files.readAllLines(file)).isEqualTo(expected);
            assertThat(disk.stderrLines()).noneMatch(line -> line.contains("WARN"));
            assertThat(disk.stderrLines()).as(disk.stderr()).last().isEqualTo("logcast-collector: delivery summary: 20 messages, "
                    + "13 events written (0 without producer/seq), 10 duplicates suppressed, 0 gaps reported, 0 events missing, "
                    + "0 late arrivals, 0 beyond the duplicate window");
        }
    }

    static void publish(TestExchange exchange, String producer, long seq, int count, String body) throws Exception {
        exchange.publish(properties(producer, seq, count, WireContract.CONTENT_TYPE_TEXT), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON batch of {@code count} events "event seq".."event seq+count-1". */
    private static void publishBatch(TestExchange exchange, WireMessages app, long seq, int count) throws Exception {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (long s = seq; s < seq + count; s++) {
            body.writeBytes(app.body(app.event(ch.qos.logback.classic.Level.INFO, "com.shop.Batch", "main", "event " + s,
                    null, Map.of(), null)));
        }
        exchange.publish(properties(app.producer, seq, count, WireContract.CONTENT_TYPE_JSON), body.toByteArray());
    }

    static AMQP.BasicProperties properties(String producer, long seq, int count, String contentType) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, seq);
        headers.put(WireContract.HEADER_APP, "shop");
        headers.put(WireContract.HEADER_LEVEL, "INFO");
        if (count > 1) {
            headers.put(WireContract.HEADER_EVENT_COUNT, (long) count);
        }
        return new AMQP.BasicProperties.Builder().contentType(contentType).appId("shop").headers(headers).build();
    }

}
