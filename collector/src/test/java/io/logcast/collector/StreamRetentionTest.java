package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import ch.qos.logback.classic.Level;

import com.rabbitmq.client.Channel;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk writer whose recorded offset the stream's retention removed while it was down. */
@RealBroker
@RequiresRabbitMQ
class StreamRetentionTest {

    private static final long BEFORE = 20;
    private static final long EVENTS = 1_000;

    @Test
    void aWriterWhoseOffsetRetentionRemovedSaysExactlyHowManyMessagesWereLostAndGoesOnFromTheFirst(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive.log");
        // small segments roll often, and retention removes the oldest whole segments beyond 60 kB
        try (TestStream stream = TestStream.create(broker).declare(Map.of("x-max-length-bytes", 60_000L,
                "x-stream-max-segment-size-bytes", 20_000))) {
            String[] args = stream.args("disk", "--file", file.toString(), "--pattern", "%msg%n");
            WireMessages shop = new WireMessages("shop", "web-1");
            try (DaemonProcess first = DaemonProcess.start(args)) {
                first.awaitStderr(stream.consumingLine(), Duration.ofSeconds(30));
                assertThat(first.stderrLines()).contains("logcast-collector: stream '" + stream.name + "' exists with other arguments "
                        + "(x-max-length-bytes 60000 instead of 10737418240, x-max-age none instead of 7D, x-stream-max-segment-size-bytes 20000): "
                        + "using it as it is (--stream-max-age and --stream-max-bytes apply to a stream the collector creates)");
                publish(stream, shop, 1, BEFORE);
                FileTally.awaitDistinct(file, BEFORE, Duration.ofSeconds(60));
                first.terminate();
                assertThat(first.awaitExit(Duration.ofSeconds(30))).as(first.stderr()).isZero();
            }
            // while no writer runs, the stream rolls segment after segment and drops the oldest
            publish(stream, shop, BEFORE + 1, EVENTS);
            long first = stream.awaitFirstOffsetAbove(BEFORE - 1, Duration.ofSeconds(60));

            try (DaemonProcess second = DaemonProcess.start(args)) {
                FileTally.awaitEvent(file, "shop", EVENTS, Duration.ofSeconds(60));
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.stderr()).isZero();
                assertThat(stream.firstOffset()).as("the stream's first offset, unchanged since the writer started").isEqualTo(first);
                // the stream's first message now: its seq is its event's number
                long firstEvent = stream.firstSeq();
                assertThat(firstEvent).isGreaterThan(BEFORE + 1);
                long missing = firstEvent - BEFORE - 1;
                assertThat(second.stderrLines().stream().filter(line -> line.contains("WARN"))).containsExactly(
                        "logcast-collector: WARN stream '" + stream.name + "': its retention removed offsets " + BEFORE + ".." + (first - 1)
                                + " before they were read; reading on from offset " + first + ", the first it holds"
                                + " (each producer's next event tells how many of its events are missing)",
                        "logcast-collector: WARN producer " + shop.producer + " (app shop): " + missing + " events missing (seq "
                                + (BEFORE + 1) + ".." + (firstEvent - 1) + ")");
                String summary = Faults.summary(second);
                assertThat(Faults.count(summary, "gaps reported")).isOne();
                assertThat(Faults.count(summary, "events missing")).isEqualTo(missing);
                FileTally tally = FileTally.of(file);
                // what the first run wrote, then every event from the first the stream held on
                TreeSet<Long> expected = LongStream.concat(LongStream.rangeClosed(1, BEFORE), LongStream.rangeClosed(firstEvent, EVENTS))
                        .boxed().collect(Collectors.toCollection(TreeSet::new));
                assertThat(tally.seen.get("shop")).isEqualTo(expected);
                assertThat(tally.duplicates()).isZero();
            }
        }
    }

    /**
     * Publishes events {@code "shop <from>".."shop <to>"}, confirmed ten at a time: chunks of ten
     * messages, so that retention, which removes whole segments, keeps the latest few.
     */
    private static void publish(TestStream stream, WireMessages shop, long from, long to) throws Exception {
        try (Channel channel = stream.exchange.connection.createChannel()) {
            channel.confirmSelect();
            for (long n = from; n <= to; n++) {
                shop.publish(channel, stream.exchange.name, shop.event(Level.INFO, "com.shop.Orders", "main", "shop " + n, null, null, null));
                if (n % 10 == 0) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }
}
