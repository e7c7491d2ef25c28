package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@RequiresRabbitMQ
@Tag("reliability")
class SlowConsumerTest {

    private static final long EVENTS = 30_000;
    private static final long MAX_QUEUE_LENGTH = 1_000;
    /** The daemon's default --prefetch: delivered, unacknowledged messages do not count towards x-max-length. */
    private static final long PREFETCH = 250;

    @Test
    void aConsolePrinterWhoseStdoutIsNotReadKeepsItsQueueWithinTheCapWhileLogCallsStayFastAndTheDiskWriterKeepsUp(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n");
             DaemonProcess stuck = DaemonProcess.startWithUnreadStdout("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--max-queue-length", Long.toString(MAX_QUEUE_LENGTH))) {
            disk.awaitConsuming();
            String consoleQueue = stuck.awaitConsuming();
            AtomicLong longest = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
                while (sampling.get()) {
                    longest.accumulateAndGet(queueLength(broker, consoleQueue)[0], Math::max);
                    samples.incrementAndGet();
                }
            });
            long slowestLogCall;
            try (TrafficApplication app = new TrafficApplication("shop", broker.uri(), exchange.name, false)) {
                app.log(1, EVENTS);
                FileTally.awaitDistinct(file, EVENTS, Duration.ofMinutes(3));
                slowestLogCall = app.slowestLogCallMillis();
            }
            // one more sample once everything is published: the stuck printer's queue is full by now
            sampling.set(false);
            sampler.get(1, TimeUnit.MINUTES);
            long[] atTheEnd = queueLength(broker, consoleQueue);
            longest.accumulateAndGet(atTheEnd[0], Math::max);

            FileTally tally = FileTally.of(file);
            long lost = tally.missing("shop", EVENTS).size();
            FileTally.report("slow consumer", EVENTS, lost, tally.duplicates(), "console_queue_ready_max=" + longest.get()
                    + " unacknowledged_at_end=" + atTheEnd[1] + " samples=" + (samples.get() + 1) + " slowest_log_call_ms=" + slowestLogCall);
            assertThat(stuck.isAlive()).isTrue();
            assertThat(atTheEnd[0]).isEqualTo(MAX_QUEUE_LENGTH);
            assertThat(atTheEnd[1]).isLessThanOrEqualTo(PREFETCH);
            assertThat(longest.get()).isLessThanOrEqualTo(MAX_QUEUE_LENGTH);
            assertThat(slowestLogCall).isLessThan(1_000);
            assertThat(lost).isZero();
            assertThat(tally.duplicates()).isZero();
        }
    }

    /** {@code rabbitmqctl list_queues name messages_ready messages_unacknowledged} of {@code queue}. */
    private static long[] queueLength(TestBroker broker, String queue) {
        try {
            for (String line : broker.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "messages_ready",
                    "messages_unacknowledged").orThrow().output().split("\n")) {
                String[] columns = line.strip().split("\\s+");
                if (columns.length == 3 && columns[0].equals(queue)) {
                    return new long[] {Long.parseLong(columns[1]), Long.parseLong(columns[2])};
                }
            }
            throw new AssertionError("no queue " + queue + " in rabbitmqctl list_queues");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
