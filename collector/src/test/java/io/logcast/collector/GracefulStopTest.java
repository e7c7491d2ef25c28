package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class GracefulStopTest {

    private static final int EVENTS = 5_000;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsConsumingFlushesAcknowledgesClosesAndExits0WithEveryAcknowledgedEventInTheFile(
            String signal, TestBroker broker, @TempDir Path dir) throws Exception {
        String queue = "logcast-test-" + UUID.randomUUID();
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker)) {
            exchange.channel.queueDeclare(queue, true, false, false, null);
            exchange.channel.queueBind(queue, exchange.name, "");
            try {
                for (int i = 1; i <= EVENTS; i++) {
                    exchange.publishText(String.format("event %05d", i));
                }
                try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                        "--durable-queue", queue, "--file", file.toString(), "--pattern", "%msg%n")) {
                    // stop it while it is busy: as soon as the first event is in the file
                    await("the first event in " + file).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                            .until(() -> Files.exists(file) && Files.size(file) > 0);
                    if (signal.equals("TERM")) {
                        disk.terminate();
                    } else {
                        disk.interrupt();
                    }
                    assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
                    assertThat(disk.stderrLines()).hasSize(2);
                    assertThat(disk.stderrLines().get(0)).contains("consuming from exchange");
                    assertThat(disk.stderrLines().get(1)).startsWith("logcast-collector: delivery summary: ");
                }

                List<String> written = Files.readAllLines(file);
                assertThat(written).as("stopped while busy").hasSizeLessThan(EVENTS);
                long left = StartupErrorsTest.messageCount(exchange.channel, queue);
                // exactly the first N events, each once, and exactly the others still on the broker
                assertThat(written.size() + left).isEqualTo(EVENTS);
                for (int i = 0; i < written.size(); i++) {
                    assertThat(written.get(i)).isEqualTo(String.format("event %05d", i + 1));
                }
                if (left > 0) {
                    assertThat(exchange.channel.basicGet(queue, true).getBody())
                            .asString().isEqualTo(String.format("event %05d", written.size() + 1));
                }
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }
}
