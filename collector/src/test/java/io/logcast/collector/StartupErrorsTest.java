package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class StartupErrorsTest {

    @Test
    void whileTheBrokerIsDownAtStartItRetriesWithCappedBackoffOneLinePerAttempt(@TempDir Path dir) throws Exception {
        int closedPort = closedPort();
        String uri = "amqp://guest:s3cret@127.0.0.1:" + closedPort + "/%2F";
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", uri, "--file", dir.resolve("x.log").toString(),
                "--max-reconnect-delay", "2")) {
            disk.awaitStderr("attempt 3,", Duration.ofSeconds(20));
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(20))).isZero();

            String masked = "amqp://guest:****@127.0.0.1:" + closedPort + "/%2F";
            assertThat(disk.stderrLines()).startsWith(
                    "logcast-collector: cannot connect to " + masked + " (Connection refused); attempt 1, retrying in 1 s",
                    "logcast-collector: cannot connect to " + masked + " (Connection refused); attempt 2, retrying in 2 s",
                    "logcast-collector: cannot connect to " + masked + " (Connection refused); attempt 3, retrying in 2 s");
            assertThat(disk.stderr()).doesNotContain("s3cret");
        }
    }

    @Test
    void withAddressesEachAttemptLineNamesEveryNodeThatDidNotAnswerAndWhy(@TempDir Path dir) throws Exception {
        int first = closedPort();
        int second = closedPort();
        String addresses = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", "amqp://guest:s3cret@localhost/%2F", "--addresses", addresses,
                "--file", dir.resolve("x.log").toString(), "--max-reconnect-delay", "1")) {
            disk.awaitStderr("attempt 2,", Duration.ofSeconds(20));
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(20))).isZero();

            String nodes = "127.0.0.1:" + first + " (Connection refused), 127.0.0.1:" + second + " (Connection refused)";
            assertThat(disk.stderrLines()).startsWith(
                    "logcast-collector: cannot connect to any node of --addresses: " + nodes + "; attempt 1, retrying in 1 s",
                    "logcast-collector: cannot connect to any node of --addresses: " + nodes + "; attempt 2, retrying in 1 s");
        }
    }

    @Test
    @RequiresRabbitMQ
    void aDurableQueueOfTheOtherTypeIsOneLineThatNamesTheOptionToChangeAndExitCode2(TestBroker broker, @TempDir Path dir) throws Exception {
        String quorum = Queues.uniqueExchange("logcast-test-quorum");
        String classic = Queues.uniqueExchange("logcast-test-classic");
        try (Connection admin = broker.newConnection("collector-test-admin")) {
            Channel channel = admin.createChannel();
            channel.queueDeclare(quorum, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueDeclare(classic, true, false, false, null);
            try (DaemonProcess classicOnQuorum = DaemonProcess.start("disk", "--uri", broker.uri(), "--durable-queue", quorum,
                    "--file", dir.resolve("a.log").toString());
                 DaemonProcess quorumOnClassic = DaemonProcess.start("disk", "--uri", broker.uri(), "--durable-queue", classic,
                         "--queue-type", "quorum", "--file", dir.resolve("b.log").toString())) {
                assertThat(classicOnQuorum.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(classicOnQuorum.stderrLines()).containsExactly("logcast-collector: queue '" + quorum + "' exists as a quorum queue "
                        + "(406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + quorum + "' in vhost '/': received none "
                        + "but current is the value 'quorum' of type 'longstr'); the collector declares it classic: use --queue-type quorum, "
                        + "or another --durable-queue");
                assertThat(quorumOnClassic.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(quorumOnClassic.stderrLines()).containsExactly("logcast-collector: queue '" + classic + "' exists as a classic queue "
                        + "(406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + classic + "' in vhost '/': received the "
                        + "value 'quorum' of type 'longstr' but current is none); the collector declares it quorum: use --queue-type classic, "
                        + "or another --durable-queue");
            } finally {
                Channel cleanup = admin.createChannel();
                cleanup.queueDelete(quorum);
                cleanup.queueDelete(classic);
            }
        }
    }

    @Test
    void aRefusedLoginIsOneClearLineAndExitCode2(TestBroker broker, @TempDir Path dir) throws Exception {
        String uri = "amqp://guest:wrong-s3cret@" + broker.host() + ":" + broker.port() + "/%2F";
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", uri, "--file", dir.resolve("x.log").toString())) {
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(disk.stderrLines()).hasSize(1);
            assertThat(disk.stderrLines().get(0))
                    .startsWith("logcast-collector: the broker at amqp://guest:****@" + broker.host() + ":" + broker.port()
                            + "/%2F refused the login (")
                    .endsWith("): check the user, password and virtual host in --uri")
                    .doesNotContain("wrong-s3cret");
        }
    }

    @Test
    void anExchangeOfAnotherTypeIsOneLineThatSaysWhatExistsAndWhatToChangeAndExitCode2(TestBroker broker, @TempDir Path dir)
            throws Exception {
        String line = startAgainstExisting(broker, dir, BuiltinExchangeType.TOPIC, false);
        // RabbitMQ: 406 inequivalent arg 'type'; Qpid: 530 Attempt to redeclare exchange ... of type topic to fanout
        assertThat(line).startsWith("logcast-collector: exchange '")
                .contains("' exists with other settings (")
                .contains("the collector declares it as the tutorial does: type fanout, durable=false, auto-delete=false, internal=false, no arguments. ")
                .endsWith("To match it, the collectors need a fanout exchange: delete it and let it be declared again; or use another --exchange");
    }

    @Test
    @RequiresRabbitMQ
    void aDurableExchangeIsOneLineThatNamesTheOptionToChangeAndExitCode2(TestBroker broker, @TempDir Path dir) throws Exception {
        String line = startAgainstExisting(broker, dir, BuiltinExchangeType.FANOUT, true);
        assertThat(line).matches("logcast-collector: exchange '[^']+' exists with other settings \\(406 PRECONDITION_FAILED - "
                + "inequivalent arg 'durable' for exchange '[^']+' in vhost '/': received 'false' but current is 'true'\\): "
                + "it is durable=true; the collector declares it as the tutorial does: type fanout, durable=false, auto-delete=false, "
                + "internal=false, no arguments. To match it, add --exchange-durable; or use another --exchange");
    }

    /** Declares the exchange first, as someone else would, starts a disk writer on it and returns its one stderr line. */
    private static String startAgainstExisting(TestBroker broker, Path dir, BuiltinExchangeType type, boolean durable) throws Exception {
        String exchange = Queues.uniqueExchange("logs-other");
        try (Connection admin = broker.newConnection("collector-test-admin")) {
            Channel channel = admin.createChannel();
            channel.exchangeDeclare(exchange, type, durable, false, false, null);
            try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange,
                    "--file", dir.resolve("x.log").toString())) {
                assertThat(disk.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(disk.stderrLines()).hasSize(1);
                return disk.stderrLines().get(0);
            } finally {
                admin.createChannel().exchangeDelete(exchange);
            }
        }
    }

    @Test
    void anUnwritableFileIsOneClearLineANonZeroExitAndNothingIsAcknowledged(TestBroker broker, @TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
        Path file = notADirectory.resolve("logcast.log");
        assertRefusedAtStartWithNothingAcknowledged(broker, file, "logcast-collector: cannot start the disk sink: " + file + " (Not a directory)");
    }

    @Test
    void aJournalThatCannotBeOpenedIsOneClearLineANonZeroExitAndNothingIsAcknowledged(TestBroker broker, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("logcast.log");
        Files.createDirectory(dir.resolve("logcast.log.journal"));
        assertRefusedAtStartWithNothingAcknowledged(broker, file,
                "logcast-collector: cannot use the journal " + file + ".journal (Is a directory)");
    }

    private static void assertRefusedAtStartWithNothingAcknowledged(TestBroker broker, Path file, String line) throws Exception {
        String queue = "logcast-test-" + java.util.UUID.randomUUID();
        try (TestExchange exchange = TestExchange.create(broker)) {
            exchange.channel.queueDeclare(queue, true, false, false, null);
            exchange.channel.queueBind(queue, exchange.name, "");
            try {
                exchange.publishText("info: must stay on the broker");
                // published without a confirm: the message is on the queue before the daemon starts, or the check below proves nothing
                await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() ->
                        assertThat(messageCount(exchange.channel, queue)).as("the message on %s", queue).isEqualTo(1));

                try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                        "--durable-queue", queue, "--file", file.toString())) {
                    assertThat(disk.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                    assertThat(disk.stderrLines()).containsExactly(line);
                }
                assertThat(messageCount(exchange.channel, queue)).isEqualTo(1);
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }

    @Test
    void aWriteFailureWhileRunningStopsWithExitCode3AndAcknowledgesNoneOfTheMessagesOfTheFailedWrite(TestBroker broker, @TempDir Path dir)
            throws Exception {
        String queue = "logcast-test-" + java.util.UUID.randomUUID();
        Path file = dir.resolve("logcast.log");
        List<String> events = List.of("first " + "a".repeat(900), "second " + "b".repeat(900), "third " + "c".repeat(900));
        try (TestExchange exchange = TestExchange.create(broker)) {
            exchange.channel.queueDeclare(queue, true, false, false, null);
            exchange.channel.queueBind(queue, exchange.name, "");
            try {
                for (String event : events) {
                    exchange.publishText(event);
                }
                // the three events go out in one write before their acknowledgement; 2 KB fit two events of
                // 900 bytes, then the write fails with EFBIG, as on a full disk
                try (DaemonProcess disk = DaemonProcess.startWithFileSizeLimit(2, "disk", "--uri", broker.uri(),
                        "--exchange", exchange.name, "--durable-queue", queue, "--file", file.toString(), "--pattern", "%msg%n")) {
                    assertThat(disk.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
                    assertThat(disk.stderrLines()).hasSize(3);
                    assertThat(disk.stderrLines().get(1)).isEqualTo("logcast-collector: cannot write events (File too large); "
                            + "stopped, unwritten messages left unacknowledged on the broker");
                    assertThat(disk.stderrLines().get(2)).startsWith("logcast-collector: delivery summary: 3 messages, ");
                }
                // what the limit let through: the two events, then a torn start of the third; the write
                // failed, so none of the three was acknowledged
                String written = Files.readString(file);
                String whole = events.get(0) + "\n" + events.get(1) + "\n";
                assertThat(written).startsWith(whole).hasSize(2048);
                assertThat(events.get(2)).startsWith(written.substring(whole.length()));
                await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() ->
                        assertThat(messageCount(exchange.channel, queue)).as("unacknowledged messages back on %s", queue).isEqualTo(3));
                for (String event : events) {
                    assertThat(exchange.channel.basicGet(queue, true).getBody()).asString().isEqualTo(event);
                }
                assertThat(messageCount(exchange.channel, queue)).isZero();
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }

    static long messageCount(Channel channel, String queue) throws Exception {
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
        return ok.getMessageCount();
    }

    /** A loopback port nothing listens on: connecting to it is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
