package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.logcast.test.RabbitNode;
import io.logcast.test.RequiresRabbitServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker is a RabbitMQ node of the test's own: the test closes connections on it and restarts it. */
@RequiresRabbitServer
class RecoveryTest {

    private static final String RECONNECTED = "logcast-collector: reconnected to amqp://guest:****@";
    private static final String MARKER = "^----- \\d\\d:\\d\\d:\\d\\d\\.\\d{3} logcast: reconnected after the connection was lost "
            + "\\(.+\\); events may have been missed here -----$";

    @Test
    void afterAClosedConnectionAndABrokerRestartEachDaemonReconnectsRedeclaresSaysSoOnceAndTheConsoleMarksTheGap(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        try (RabbitNode node = RabbitNode.start("recovery");
             TestExchange exchange = TestExchange.create(node.broker());
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", node.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "2");
             DaemonProcess console = DaemonProcess.start("console", "--uri", node.uri(), "--exchange", exchange.name,
                     "--pattern", "%msg%n", "--max-reconnect-delay", "2")) {
            disk.awaitConsuming();
            console.awaitConsuming();
            exchange.publishText("before");
            awaitBoth(console, file, "before");

            for (DaemonProcess daemon : List.of(disk, console)) {
                node.ctl("close_connection", connectionPid(node, daemon), "logcast test closes the connection").orThrow();
            }
            awaitReconnected(disk, 1);
            awaitReconnected(console, 1);
            assertThat(disk.stderrLines().get(1)).startsWith(RECONNECTED)
                    .contains("after the connection was lost (320 CONNECTION_FORCED - logcast test closes the connection)")
                    .contains("re-declared queue amq.gen-")
                    .endsWith("and bound it to exchange '" + exchange.name + "'");
            exchange.publishText("after close_connection");
            awaitBoth(console, file, "after close_connection");

            node.restartApp();
            awaitReconnected(disk, 2);
            awaitReconnected(console, 2);
            try (TestExchange again = TestExchange.reopen(node.broker(), exchange.name)) {
                again.publishText("after restart");
                awaitBoth(console, file, "after restart");
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

    private static void awaitBoth(DaemonProcess console, Path file, String event) {
        console.awaitStdout(event + "\n", 1, Duration.ofSeconds(30));
        WrittenFile.awaitText(file, event + "\n", Duration.ofSeconds(30));
    }

    /** Waits for the {@code times}-th reconnection line, then asserts there is no other. */
    private static void awaitReconnected(DaemonProcess daemon, int times) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reconnections(daemon))
                .as("reconnection lines; stderr:%n%s", daemon.stderr()).isGreaterThanOrEqualTo(times));
        assertThat(reconnections(daemon)).as(daemon.stderr()).isEqualTo(times);
    }

    private static long reconnections(DaemonProcess daemon) {
        return daemon.stderrLines().stream().filter(line -> line.startsWith(RECONNECTED)).count();
    }

    /** The broker's id of the daemon's connection, found by the connection_name the daemon gives it. */
    private static String connectionPid(RabbitNode node, DaemonProcess daemon) throws Exception {
        String name = "(pid " + daemon.pid() + ")";
        return Arrays.stream(node.ctl("list_connections", "-q", "--no-table-headers", "pid", "client_properties").orThrow().output().split("\n"))
                .filter(line -> line.contains(name))
                .map(line -> line.split("\t")[0].strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no connection named " + name));
    }
}
