package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.rabbitmq.client.Connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedBrokerCommandsTest {

    /** {@code state -> pid} of the scratch node's connections. */
    private static Map<String, String> connectionsByState(RabbitNode node) throws Exception {
        return Arrays.stream(node.ctl("list_connections", "-q", "--no-table-headers", "pid", "state").orThrow().output().split("\n"))
                .map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.split("\t"))
                .collect(Collectors.toMap(columns -> columns[1], columns -> columns[0], (a, b) -> a + " and " + b));
    }

    private final List<List<String>> ran = new ArrayList<>();
    private final SharedBrokerCommands commands = new SharedBrokerCommands(args -> {
        ran.add(args);
        return new CommandResult(0, "");
    });

    @Test
    void commandsThatChangeTheBrokerAreRefusedBeforeTheyRun() {
        for (List<String> change : List.of(List.of("stop_app"), List.of("start_app"), List.of("stop"), List.of("reset"),
                List.of("set_vm_memory_high_watermark", "0"), List.of("set_disk_free_limit", "1GB"),
                List.of("add_user", "u", "p"), List.of("delete_user", "u"), List.of("set_permissions", "-p", "/", "u", ".*", ".*", ".*"),
                List.of("-q", "join_cluster", "other@localhost"), List.of("eval", "halt()."))) {
            assertThatThrownBy(() -> commands.run(change)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("refused 'rabbitmqctl " + String.join(" ", change) + "' on the shared broker: it would change the broker"
                            + " the developer runs; a test that restarts, alarms or reconfigures a broker uses a RabbitNode of its own");
        }
        assertThat(ran).isEmpty();
    }

    @Test
    void anotherNodeOrAnUnknownOptionIsRefusedToo() {
        assertThatThrownBy(() -> commands.run(List.of("-n", "other@localhost", "list_queues"))).hasMessageContaining(": it names another node;");
        assertThatThrownBy(() -> commands.run(List.of("list_queues", "--node=other@localhost"))).hasMessageContaining(": it names another node;");
        assertThatThrownBy(() -> commands.run(List.of("--erlang-cookie", "x", "list_queues")))
                .hasMessageContaining(": option --erlang-cookie is not known to be harmless;");
        assertThat(ran).isEmpty();
    }

    @Test
    void commandsThatReadRunAsGiven() throws Exception {
        commands.run(List.of("list_queues", "-q", "--no-table-headers", "name", "exclusive"));
        commands.run(List.of("-p", "/", "list_bindings"));
        commands.run(List.of("status"));

        assertThat(ran).containsExactly(List.of("list_queues", "-q", "--no-table-headers", "name", "exclusive"),
                List.of("-p", "/", "list_bindings"), List.of("status"));
    }

    @Test
    @RequiresRabbitServer
    void closingAConnectionIsAllowedForOneOfThisRunsProcessesAndRefusedForAnyOther(RabbitNode scratch, @TempDir Path dir) throws Exception {
        SharedBrokerCommands guarded = new SharedBrokerCommands(scratch::ctl);
        Connection mine = scratch.newConnection("guard-test-mine");
        // a client outside this JVM's process tree (setsid -f: its parent exits at once), stuck in the AMQP handshake
        Path pidFile = dir.resolve("foreign.pid");
        int started = new ProcessBuilder("setsid", "-f", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + scratch.port()
                + "; printf 'AMQP\\x00\\x00\\x09\\x01' >&3; echo $$ > " + pidFile + "; exec sleep 60").start().waitFor();
        assertThat(started).isZero();
        try {
            Map<String, String> byState = await().atMost(Duration.ofSeconds(10)).until(() -> connectionsByState(scratch), m -> m.size() == 2);
            assertThat(byState).containsOnlyKeys("running", "starting");

            assertThatThrownBy(() -> guarded.run(List.of("close_connection", byState.get("starting"), "not ours")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("refused 'rabbitmqctl close_connection <.+>' on the shared broker: the connection \\(from 127\\.0\\.0\\.1:\\d+\\)"
                            + " is not one this test run opened; .*");
            guarded.run(List.of("close_connection", byState.get("running"), "closed by the guard test")).orThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> !mine.isOpen());
            assertThat(mine.getCloseReason().getMessage()).contains("CONNECTION_FORCED - closed by the guard test");
        } finally {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aLocalPortIsThisRunsOnlyWhileThisJvmHoldsASocketOnIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(ProcessSockets.ownsLocalPort(client.getLocalPort())).isTrue();
        }
        int unused;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = probe.getLocalPort();
        }
        assertThat(ProcessSockets.ownsLocalPort(unused)).isFalse();
    }
}
