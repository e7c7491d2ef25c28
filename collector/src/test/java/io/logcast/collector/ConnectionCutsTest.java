package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@Tag("reliability")
class ConnectionCutsTest {

    private static final long EVENTS = 25_000;
    private static final int CUTS = 9;

    /**
     * The cuts follow the traffic, not the clock: one each time the file has grown by another tenth,
     * so there are as many on a fast machine as on a slow one, each while events are still on their way.
     */
    @Test
    void twoApplicationsWhoseConnectionsAreCutNineTimesMidTrafficLoseNothingAndTheDurableDiskFileHasNoDuplicate(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        String queue = "logcast-test-cuts-" + UUID.randomUUID();
        long fileSize = expectedSize("shop-a") + expectedSize("shop-b");
        AtomicInteger cuts = new AtomicInteger();
        AtomicInteger cutsMidTraffic = new AtomicInteger();
        ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor();
        try (TestExchange exchange = TestExchange.create(broker);
             TcpProxy proxy = TcpProxy.to(broker.host(), broker.port())) {
            String uri = proxy.rewrite(broker.uri());
            try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", uri, "--exchange", exchange.name,
                    "--durable-queue", queue, "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "1")) {
                disk.awaitConsuming();
                cutter.scheduleWithFixedDelay(() -> {
                    long written = file.toFile().length();
                    if (cuts.get() < CUTS && written >= fileSize * (cuts.get() + 1) / (CUTS + 1)) {
                        proxy.cut();
                        cuts.incrementAndGet();
                        if (written < fileSize) {
                            cutsMidTraffic.incrementAndGet();
                        }
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);
                try (TrafficApplication a = new TrafficApplication("shop-a", uri, exchange.name, false);
                     TrafficApplication b = new TrafficApplication("shop-b", uri, exchange.name, false)) {
                    CompletableFuture.allOf(CompletableFuture.runAsync(() -> a.log(1, EVENTS)),
                            CompletableFuture.runAsync(() -> b.log(1, EVENTS))).get(10, TimeUnit.MINUTES);
                    FileTally.awaitDistinct(file, 2 * EVENTS, Duration.ofMinutes(5));
                }
                cutter.shutdownNow();
                cutter.awaitTermination(5, TimeUnit.SECONDS);
                // what the cuts made the appenders publish twice is on the queue until the daemon has seen it
                Faults.awaitQueueEmpty(exchange.channel, queue, Duration.ofMinutes(2));
                disk.terminate();
                assertThat(disk.awaitExit(Duration.ofSeconds(60))).as(disk.stderr()).isZero();

                FileTally tally = FileTally.of(file);
                long lost = tally.missing("shop-a", EVENTS).size() + tally.missing("shop-b", EVENTS).size();
                String summary = Faults.summary(disk);
                FileTally.report("connection cuts", 2 * EVENTS, lost, tally.duplicates(), "cuts=" + cuts.get()
                        + " reconnects=" + disk.stderrLines().stream().filter(line -> line.contains("reconnected to")).count()
                        + " suppressed=" + Faults.count(summary, "duplicates suppressed"));
                assertThat(lost).isZero();
                assertThat(tally.duplicates()).isZero();
                assertThat(tally.lines).isEqualTo(2 * EVENTS);
                assertThat(Faults.count(summary, "gaps reported")).isZero();
                assertThat(cutsMidTraffic.get()).as("cuts before every event was in the file").isEqualTo(CUTS);
            } finally {
                cutter.shutdownNow();
                exchange.channel.queueDelete(queue);
            }
        }
    }

    /** Bytes of the lines {@code "<app> 1"} to {@code "<app> 25000"} in the file ({@code %msg%n}). */
    private static long expectedSize(String app) {
        return LongStream.rangeClosed(1, EVENTS).map(n -> (app + " " + n + "\n").length()).sum();
    }
}
