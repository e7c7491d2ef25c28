package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SharedBrokerCommandsTest {

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
