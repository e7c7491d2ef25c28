package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk writer on a stream catches up on what was logged while it was down, exactly once, through a kill -9 and a restart. */
@RealBroker
@RequiresRabbitMQ
class StreamCatchUpTest {

    private static final long EVENTS = 10_000;

    @Test
    void eventsLoggedWhileNoDaemonRanReachADiskWriterStartedAfterwardsExactlyOnceThroughAKillAndARestart(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive.log");
        try (TestStream stream = TestStream.create(broker)) {
            // a small prefetch: a journal write every message, and a catch-up slow enough to be cut twice
            String[] args = stream.args("disk", "--file", file.toString(), "--pattern", "%msg%n", "--prefetch", "2");
            try (DaemonProcess declaring = DaemonProcess.start(args)) {
                declaring.awaitStderr(stream.consumingLine(), Duration.ofSeconds(30));
                declaring.terminate();
                assertThat(declaring.awaitExit(Duration.ofSeconds(30))).as(declaring.stderr()).isZero();
            }
            // no daemon runs: the stream keeps what the application logs (the appender's stop waits for every confirm)
            try (TrafficApplication app = new TrafficApplication("shop", broker.uri(), stream.exchange.name, false)) {
                app.log(1, EVENTS);
            }

            long killedAt;
            try (DaemonProcess first = DaemonProcess.start(args)) {
                killedAt = awaitLines(file, 2_000);
                first.kill();
                assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
            }
            long stoppedAt;
            String resumed;
            String unrecorded;
            try (DaemonProcess second = DaemonProcess.start(args)) {
                resumed = second.awaitStderr("reading stream '" + stream.name + "' after offset \\d+, the last one .* recorded", Duration.ofSeconds(30));
                stoppedAt = awaitLines(file, 6_000);
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.stderr()).isZero();
                unrecorded = second.stderrLines().stream().filter(line -> line.contains(" bytes at the end of the file"))
                        .map(line -> line.replaceAll(".*; (\\d+) bytes at the end.*", "$1")).findFirst().orElse("0");
            }
            try (DaemonProcess third = DaemonProcess.start(args)) {
                FileTally.awaitDistinct(file, EVENTS, Duration.ofMinutes(3));
                third.terminate();
                assertThat(third.awaitExit(Duration.ofSeconds(30))).as(third.stderr()).isZero();
                assertThat(third.stderr()).doesNotContain("WARN");
            }

            FileTally tally = FileTally.of(file);
            FileTally.report("disk writer catching up on a stream, kill -9 and restart", EVENTS, tally.missing("shop", EVENTS).size(),
                    tally.duplicates(), "killed_after_lines=" + killedAt + " stopped_after_lines=" + stoppedAt + " unrecorded_bytes_compared=" + unrecorded
                            + " resumed: " + resumed);
            // both cuts fell during the catch-up
            assertThat(killedAt).isLessThan(EVENTS);
            assertThat(stoppedAt).isLessThan(EVENTS);
            assertThat(tally.missing("shop", EVENTS)).isEmpty();
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.lines).isEqualTo(EVENTS);
        }
    }

    @Test
    void aStreamDeletedAndDeclaredAgainIsReadFromItsFirstMessageWithAWarning(TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive.log");
        try (TestStream stream = TestStream.create(broker)) {
            String[] args = stream.args("disk", "--file", file.toString(), "--pattern", "%msg%n");
            try (DaemonProcess first = DaemonProcess.start(args)) {
                first.awaitStderr(stream.consumingLine(), Duration.ofSeconds(30));
                stream.publishTexts(java.util.List.of("old 1", "old 2", "old 3"));
                awaitLines(file, 3);
                first.terminate();
                assertThat(first.awaitExit(Duration.ofSeconds(30))).as(first.stderr()).isZero();
            }
            stream.exchange.channel.queueDelete(stream.name);
            try (DaemonProcess second = DaemonProcess.start(args)) {
                second.awaitStderr(stream.consumingLine(), Duration.ofSeconds(30));
                stream.publishTexts(java.util.List.of("new 1", "new 2"));
                awaitLines(file, 5);
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.stderr()).isZero();
                assertThat(second.stderrLines()).contains("logcast-collector: WARN stream '" + stream.name + "' did not exist: it was deleted since "
                        + file + ".journal recorded offset 2; reading the new one from the first message");
            }
            assertThat(java.nio.file.Files.readAllLines(file)).containsExactly("old 1", "old 2", "old 3", "new 1", "new 2");
        }
    }

    /** Waits, polling often, until the file holds at least {@code lines} events; returns how many it held then. */
    private static long awaitLines(Path file, long lines) {
        AtomicReference<FileTally> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            last.set(FileTally.of(file));
            assertThat(last.get().lines).as("events in %s", file).isGreaterThanOrEqualTo(lines);
        });
        return last.get().lines;
    }
}
