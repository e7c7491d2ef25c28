package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.rabbitmq.client.Connection;

import io.logcast.core.WireContract;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@RequiresRabbitMQ
class DaemonTopologyTest {

    @Test
    void eachDaemonBindsItsOwnExclusiveServerNamedQueueToLogsTheConsolesCappedAndTheQueueIsGoneWhenTheDaemonStops(TestBroker broker, @TempDir Path dir)
            throws Exception {
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--file", dir.resolve("logcast.log").toString());
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri())) {
            String diskQueue = disk.awaitConsuming();
            String consoleQueue = console.awaitConsuming();

            assertThat(diskQueue).startsWith("amq.gen-").isNotEqualTo(consoleQueue);
            assertThat(consoleQueue).startsWith("amq.gen-");
            assertThat(bindings(broker)).contains(
                    WireContract.DEFAULT_EXCHANGE + "\t" + diskQueue + "\tqueue",
                    WireContract.DEFAULT_EXCHANGE + "\t" + consoleQueue + "\tqueue");

            assertThat(lines(broker.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "exclusive", "arguments").orThrow().output()))
                    .contains(diskQueue + "\ttrue\t[]")
                    .anyMatch(line -> line.startsWith(consoleQueue + "\ttrue\t")
                            && line.contains("{\"x-max-length\",100000}") && line.contains("{\"x-overflow\",\"drop-head\"}"));

            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !queues(broker).contains(diskQueue));
            assertThat(bindings(broker)).doesNotContain(WireContract.DEFAULT_EXCHANGE + "\t" + diskQueue + "\tqueue")
                    .contains(WireContract.DEFAULT_EXCHANGE + "\t" + consoleQueue + "\tqueue");

            console.terminate();
            assertThat(console.awaitExit(Duration.ofSeconds(30))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !queues(broker).contains(consoleQueue));
        }
    }

    @Test
    void aQuorumDurableQueueIsDeclaredQuorumThroughTheFirstOfTheAddressesThatAnswers(TestBroker broker, @TempDir Path dir) throws Exception {
        String queue = Queues.uniqueExchange("logcast-test-quorum");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String addresses = "127.0.0.1:" + closedPort + "," + broker.host() + ":" + broker.port();
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--addresses", addresses,
                "--durable-queue", queue, "--queue-type", "quorum", "--file", dir.resolve("logcast.log").toString())) {
            assertThat(disk.awaitConsuming()).isEqualTo(queue);
            assertThat(disk.stderrLines()).containsExactly("logcast-collector: consuming from exchange 'logs' through queue " + queue + " at "
                    + broker.host() + ":" + broker.port() + " (of --addresses " + addresses + ")");
            assertThat(lines(broker.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "type", "durable").orThrow().output()))
                    .contains(queue + "\tquorum\ttrue");
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
        } finally {
            try (Connection admin = broker.newConnection("collector-test-admin")) {
                admin.createChannel().queueDelete(queue);
            }
        }
    }

    static List<String> bindings(TestBroker broker) throws Exception {
        return lines(broker.rabbitmqctl("list_bindings", "-q", "--no-table-headers",
                "source_name", "destination_name", "destination_kind").orThrow().output());
    }

    static List<String> queues(TestBroker broker) throws Exception {
        return lines(broker.rabbitmqctl("list_queues", "-q", "--no-table-headers", "name").orThrow().output());
    }

    private static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }
}
