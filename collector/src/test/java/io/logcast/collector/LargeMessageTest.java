package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector accepts whatever the broker delivers. A 34 MiB event is a 71 MB message (the JSON carries
 * the message and the formatted message): beyond Jackson's default 20 MB string and amqp-client's
 * default 64 MiB inbound limit, which closed the connection and took the temporary queue, and the next
 * event, with it.
 */
@RealBroker
class LargeMessageTest {

    @Test
    void a70MegabyteMessageAndTheEventAfterItAreBothWrittenOnOneConnection(TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages wire = new WireMessages("shop", "host-1");
        String huge = "0123456789abcdef".repeat(34 * 1024 * 1024 / 16);
        LoggingEvent big = wire.event(Level.WARN, "com.shop.Big", "main", huge, null, Map.of(), null);
        LoggingEvent marker = wire.event(Level.INFO, "com.shop.Big", "main", "the event after it", null, Map.of(), null);
        assertThat(wire.body(big).length).as("the message's size").isGreaterThan(70_000_000);
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%level %logger %msg%n")) {
            disk.awaitConsuming();
            wire.publish(exchange.channel, exchange.name, big);
            wire.publish(exchange.channel, exchange.name, marker);

            await("the event after the large one in the file").atMost(Duration.ofSeconds(60))
                    .failFast("the daemon exited", () -> !disk.isAlive())
                    .until(() -> Files.exists(file) && Files.readString(file).endsWith("the event after it\n"));
            assertThat(Files.readString(file)).isEqualTo("WARN com.shop.Big " + huge + "\nINFO com.shop.Big the event after it\n");
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
            // no reconnection, no connection failure: the line that says it consumes, and the summary
            assertThat(disk.stderrLines()).as(disk.stderr()).hasSize(2);
            assertThat(disk.stderrLines().get(0)).startsWith("logcast-collector: consuming from exchange ");
            assertThat(disk.stderrLines().get(1)).isEqualTo("logcast-collector: delivery summary: 2 messages, 2 events written "
                    + "(0 without producer/seq), 0 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, "
                    + "0 beyond the duplicate window");
        }
    }

    @Test
    void aMessageTooLargeForTheHeapStopsTheDaemonWithOneLineAndStaysOnTheBroker(TestBroker broker, @TempDir Path dir) throws Exception {
        String queue = "logcast-test-" + java.util.UUID.randomUUID();
        byte[] body = "x".repeat(70_000_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (TestExchange exchange = TestExchange.create(broker)) {
            exchange.channel.queueDeclare(queue, true, false, false, null);
            exchange.channel.queueBind(queue, exchange.name, "");
            try {
                exchange.publish(new com.rabbitmq.client.AMQP.BasicProperties(), body);
                // the body fits in 200 MiB; its rendering does not
                try (IsolatedDaemon disk = IsolatedDaemon.withHeap("200m", dir, "disk", "--uri", broker.uri(), "--exchange", exchange.name,
                        "--durable-queue", queue, "--file", dir.resolve("logcast.log").toString())) {
                    assertThat(disk.awaitExit()).isEqualTo(3);
                    String[] lines = new String(disk.stderr(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
                    assertThat(lines).hasSize(3);
                    assertThat(lines[1]).matches("logcast-collector: cannot write events \\(a message of 70000000 bytes needs more "
                                    + "memory than the JVM's maximum heap \\(\\d+ MiB\\): give the daemon a larger -Xmx\\); stopped, "
                                    + "unwritten messages left unacknowledged on the broker");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> StartupErrorsTest.messageCount(exchange.channel, queue) == 1);
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }
}
