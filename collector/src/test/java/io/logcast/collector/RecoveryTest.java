package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@RequiresRabbitMQ
class RecoveryTest {

    private static final String RECONNECTED = "logcast-collector: reconnected to amqp://guest:****@";
    private static final String MARKER = "^----- \\d\\d:\\d\\d:\\d\\d\\.\\d{3} logcast: reconnected after the connection was lost "
            + "\\(.+\\); events may have been missed here -----$";

    @Test
    void afterAClosedConnectionAndABrokerRestartEachDaemonReconnectsRedeclaresSaysSoOnceAndTheConsoleMarksTheGap(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "2");
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--pattern", "%msg%n", "--max-reconnect-delay", "2")) {
            disk.awaitConsuming();
            console.awaitConsuming();
            exchange.publishText("before");
            awaitBoth(disk, console, file, "before");

            for (DaemonProcess daemon : List.of(disk, console)) {
                broker.rabbitmqctl("close_connection", connectionPid(broker, daemon), "logcast test closes the connection").orThrow();
            }
            awaitReconnected(disk, 1);
            awaitReconnected(console, 1);
            assertThat(disk.stderrLines().get(1)).startsWith(RECONNECTED)
                    .contains("after the connection was lost (320 CONNECTION_FORCED - logcast test closes the connection)")
                    .contains("re-declared queue amq.gen-")
                    .endsWith("and bound it to exchange '" + exchange.name + "'");
            exchange.publishText("after close_connection");
            awaitBoth(disk, console, file, "after close_connection");

            try {
                broker.rabbitmqctl("stop_app").orThrow();
            } finally {
                broker.rabbitmqctl("start_app").orThrow();
            }
            awaitReconnected(disk, 2);
            awaitReconnected(console, 2);
            try (TestExchange again = TestExchange.reopen(broker, exchange.name)) {
                again.publishText("after restart");
                awaitBoth(disk, console, file, "after restart");
            }

            assertThat(Files.readString(file)).isEqualTo("before\nafter close_connection\nafter restart\n");
            List<String> shown = Arrays.stream(console.stdout().split("\n")).collect(Collectors.toList());
            assertThat(shown).hasSize(5);
            assertThat(shown.get(0)).isEqualTo("before");
            assertThat(shown.get(1)).matches(MARKER);
            assertThat(shown.get(2)).isEqualTo("after close_connection");
            assertThat(shown.get(3)).matches(MARKER);
            assertThat(shown.get(4)).isEqualTo("after restart");
            for (DaemonProcess daemon : List.of(disk, console)) {
                assertThat(daemon.stderrLines()).filteredOn(line -> line.startsWith(RECONNECTED)).hasSize(2);
                assertThat(daemon.stderrLines()).allMatch(line -> line.startsWith("logcast-collector: "));
            }
        }
    }

    private static void awaitBoth(DaemonProcess disk, DaemonProcess console, Path file, String event) throws Exception {
        console.awaitStdout(event + "\n", 1, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !(Files.exists(file) && Files.readString(file).contains(event + "\n"))) {
            Thread.sleep(20);
        }
    }

    private static void awaitReconnected(DaemonProcess daemon, int times) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && daemon.stderrLines().stream().filter(line -> line.startsWith(RECONNECTED)).count() < times) {
            Thread.sleep(50);
        }
        assertThat(daemon.stderrLines().stream().filter(line -> line.startsWith(RECONNECTED)).count())
                .as(daemon.stderr()).isEqualTo(times);
    }

    /** The broker's id of the daemon's connection, found by the connection_name the daemon gives it. */
    private static String connectionPid(TestBroker broker, DaemonProcess daemon) throws Exception {
        String name = "(pid " + daemon.pid() + ")";
        return Arrays.stream(broker.rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "client_properties").orThrow().output().split("\n"))
                .filter(line -> line.contains(name))
                .map(line -> line.split("\t")[0].strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no connection named " + name));
    }
}
