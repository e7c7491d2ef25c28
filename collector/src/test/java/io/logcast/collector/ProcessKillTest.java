package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@Tag("reliability")
class ProcessKillTest {

    private static final long EVENTS = 25_000;
    private static final int PREFETCH = 250;

    /** {@code maxBatchEvents} 1: a message per event; 50: batches, so a kill may come in the middle of one. */
    @ParameterizedTest(name = "maxBatchEvents {0}")
    @ValueSource(ints = {1, 50})
    void aDiskWriterKilledWithSigkillMidTrafficAndRestartedLosesNothingAndWritesNothingTwice(
            int maxBatchEvents, TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        String queue = "logcast-test-kill-" + UUID.randomUUID();
        String[] args = {"disk", "--uri", broker.uri(), "--durable-queue", queue, "--file", file.toString(),
            "--pattern", "%msg%n", "--prefetch", Integer.toString(PREFETCH)};
        try (TestExchange exchange = TestExchange.create(broker)) {
            String[] daemonArgs = withExchange(args, exchange.name);
            try (TrafficApplication app = new TrafficApplication("shop", broker.uri(), exchange.name, false,
                    appender -> appender.setMaxBatchEvents(maxBatchEvents))) {
                long killedAt;
                try (DaemonProcess first = DaemonProcess.start(daemonArgs)) {
                    first.awaitConsuming();
                    // a steady rate (10 s in all), so that the kill falls while events are still published and written
                    CompletableFuture<Long> traffic = CompletableFuture.supplyAsync(() -> app.logAtRate(1, (int) (EVENTS / 10), n -> n <= EVENTS));
                    killedAt = FileTally.awaitDistinct(file, EVENTS / 3, Duration.ofMinutes(2)).lines;
                    assertThat(traffic).as("still publishing when the disk writer is killed").isNotDone();
                    first.kill();
                    assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
                    try (DaemonProcess second = DaemonProcess.start(daemonArgs)) {
                        second.awaitConsuming();
                        traffic.get(5, TimeUnit.MINUTES);
                        FileTally.awaitDistinct(file, EVENTS, Duration.ofMinutes(3));
                        Faults.awaitQueueEmpty(exchange.channel, queue, Duration.ofMinutes(1));
                        second.terminate();
                        assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.stderr()).isZero();
                        FileTally tally = FileTally.of(file);
                        long lost = tally.missing("shop", EVENTS).size();
                        String unrecorded = second.stderrLines().stream().filter(line -> line.contains(" bytes at the end of the file"))
                                .map(line -> line.replaceAll(".*; (\\d+) bytes at the end.*", "$1")).findFirst().orElse("0");
                        FileTally.report("kill -9 of the disk writer, maxBatchEvents " + maxBatchEvents, EVENTS, lost, tally.duplicates(),
                                "killed_after_lines=" + killedAt + " suppressed_after_restart="
                                        + Faults.count(Faults.summary(second), "duplicates suppressed")
                                        + " unrecorded_bytes_compared=" + unrecorded);
                        assertThat(lost).isZero();
                        // what the killed process wrote but had not acknowledged came back, and its journal said so
                        assertThat(tally.duplicates()).isZero();
                        assertThat(tally.lines).isEqualTo(EVENTS);
                    }
                }
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }

    private static String[] withExchange(String[] args, String exchange) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--exchange";
        all[args.length + 1] = exchange;
        return all;
    }
}
