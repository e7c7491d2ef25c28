package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import com.rabbitmq.client.Channel;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** The console on a stream: history from a time, a duration or the first message; --no-follow; the marker; a closed pipe. */
@RealBroker
@RequiresRabbitMQ
class StreamHistoryTest {

    private static final Pattern LAST_OFFSET = Pattern.compile("its last offset at start: (\\d+)\\)");

    @Test
    void fromATimeSelectsExactlyTheEventsLoggedAtOrAfterIt(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            try (TrafficApplication early = new TrafficApplication("early", broker.uri(), stream.exchange.name, false)) {
                early.log(1, 200);
            }
            // the appender's stop waited for every confirm: the early events are in the stream
            Instant between = Instant.now().plusMillis(750).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Thread.sleep(1_500); // the interval between the two groups, by the clock the events carry
            try (TrafficApplication late = new TrafficApplication("late", broker.uri(), stream.exchange.name, false)) {
                late.log(1, 200);
            }

            try (DaemonProcess console = DaemonProcess.start(stream.args("console", "--from", between.toString(), "--no-follow",
                    "--pattern", "%msg%n", "--color", "never"))) {
                assertThat(console.awaitExit(Duration.ofSeconds(60))).as(console.stderr()).isZero();
                assertThat(console.stdout()).isEqualTo(lines("late", 1, 200));
                assertThat(console.stderrLines()).first().asString()
                        .isEqualTo("logcast-collector: reading stream '" + stream.name + "' from " + between + " (its last offset at start: 399)");
            }
        }
    }

    @Test
    void fromADurationSelectsExactlyTheEventsOfThatLongAgoOrLater(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            WireMessages shop = new WireMessages("shop", "web-1");
            long now = System.currentTimeMillis();
            try (Channel channel = stream.exchange.connection.createChannel()) {
                channel.confirmSelect();
                // two groups whose events carry times 15 minutes apart: 20 and 5 minutes ago
                for (int n = 1; n <= 100; n++) {
                    shop.publish(channel, stream.exchange.name, event(shop, "twenty minutes ago " + n, now - Duration.ofMinutes(20).toMillis() + n));
                }
                for (int n = 1; n <= 100; n++) {
                    shop.publish(channel, stream.exchange.name, event(shop, "five minutes ago " + n, now - Duration.ofMinutes(5).toMillis() + n));
                }
                channel.waitForConfirmsOrDie(30_000);
            }

            try (DaemonProcess console = DaemonProcess.start(stream.args("console", "--from", "10m", "--no-follow",
                    "--pattern", "%msg%n", "--color", "never"))) {
                assertThat(console.awaitExit(Duration.ofSeconds(60))).as(console.stderr()).isZero();
                assertThat(console.stdout()).isEqualTo(lines("five minutes ago", 1, 100));
            }
        }
    }

    @Test
    void noFollowPrintsExactlyWhatTheStreamHeldAtStartAndExitsZeroWhileEventsKeepArriving(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            stream.publishTexts(texts("early", 1, 500));
            AtomicBoolean publishing = new AtomicBoolean(true);
            CompletableFuture<Long> late = CompletableFuture.supplyAsync(() -> publishUntilStopped(stream, publishing));
            try (DaemonProcess console = DaemonProcess.start(stream.args("console", "--from", "first", "--no-follow",
                    "--pattern", "%msg%n", "--color", "never"))) {
                int exit = console.awaitExit(Duration.ofSeconds(60));
                publishing.set(false);
                long published = late.get(30, TimeUnit.SECONDS);
                assertThat(exit).as(console.stderr()).isZero();
                Matcher lastOffset = LAST_OFFSET.matcher(console.stderr());
                assertThat(lastOffset.find()).as(console.stderr()).isTrue();
                long heldAtStart = Long.parseLong(lastOffset.group(1)) + 1;
                // what the stream held when the console started, and nothing published after it
                assertThat(heldAtStart).isBetween(500L, 500 + published);
                assertThat(console.stdout()).isEqualTo(lines("early", 1, 500) + lines("late", 1, heldAtStart - 500));
                assertThat(published).as("late events published while the console ran").isGreaterThan(heldAtStart - 500);
            }
        }
    }

    @Test
    void aPipeClosedByHeadEndsTheConsoleWithExitZeroAndNoStackTrace(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            // more than a pipe's 64 KiB: the console writes after head has gone
            stream.publishTexts(texts("event", 1, 5_000).stream().map(text -> text + " " + "x".repeat(60)).collect(Collectors.toList()));
            List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\" | head -1; exit ${PIPESTATUS[0]}", "bash"));
            command.addAll(DaemonProcess.javaCommand(stream.args("console", "--from", "first", "--no-follow", "--pattern", "%msg%n", "--color", "never")));
            Process pipeline = new ProcessBuilder(command).start();
            pipeline.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(pipeline.getErrorStream()));
            byte[] stdout = pipeline.getInputStream().readAllBytes();
            assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String errors = new String(stderr.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(pipeline.exitValue()).as(errors).isZero();
            assertThat(new String(stdout, StandardCharsets.UTF_8)).isEqualTo("event 1 " + "x".repeat(60) + "\n");
            assertThat(errors).doesNotContain("Exception").doesNotContain("\tat ");
            List<String> errorLines = List.of(errors.split("\n"));
            assertThat(errorLines).hasSize(3).last().asString().startsWith("logcast-collector: delivery summary: ");
            assertThat(Faults.count(errorLines.get(2), "messages")).as("messages taken before the pipe closed").isLessThan(5_000);
        }
    }

    @Test
    void followingPrintsTheHistoryThenAMarkerLineThenLiveEvents(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            stream.publishTexts(texts("history", 1, 3));
            try (DaemonProcess console = DaemonProcess.start(stream.args("console", "--from", "first", "--pattern", "%msg%n", "--color", "never"))) {
                console.awaitStdout("live events follow -----", 1, Duration.ofSeconds(60));
                stream.publishTexts(texts("live", 1, 2));
                console.awaitStdout("live 2\n", 1, Duration.ofSeconds(30));
                console.terminate();
                assertThat(console.awaitExit(Duration.ofSeconds(30))).as(console.stderr()).isZero();
                List<String> lines = List.of(console.stdout().split("\n"));
                assertThat(lines).hasSize(6);
                assertThat(lines.subList(0, 3)).containsExactly("history 1", "history 2", "history 3");
                assertThat(lines.get(3)).matches("----- \\d\\d:\\d\\d:\\d\\d\\.\\d{3} logcast: end of the history of stream '"
                        + Pattern.quote(stream.name) + "' \\(offset 2\\); live events follow -----");
                assertThat(lines.subList(4, 6)).containsExactly("live 1", "live 2");
            }
        }
    }

    private static LoggingEvent event(WireMessages messages, String text, long time) {
        LoggingEvent event = messages.event(Level.INFO, "com.shop.Orders", "main", text, null, null, null);
        event.setTimeStamp(time);
        return event;
    }

    /** Publishes {@code late 1}, {@code late 2}... until told to stop; returns how many. */
    private static long publishUntilStopped(TestStream stream, AtomicBoolean publishing) {
        long n = 0;
        try {
            while (publishing.get()) {
                stream.publishTexts(texts("late", n + 1, n + 20));
                n += 20;
            }
            return n;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> texts(String prefix, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(n -> prefix + " " + n).collect(Collectors.toList());
    }

    private static String lines(String prefix, long from, long to) {
        return texts(prefix, from, to).stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
