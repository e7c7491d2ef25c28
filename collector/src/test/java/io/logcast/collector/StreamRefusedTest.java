package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.logcast.broker.EmbeddedBroker;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --stream where there can be none: a broker without streams, a queue of another type by that name. */
@RealBroker
class StreamRefusedTest {

    @Test
    void aBrokerWithoutStreamsGetsExitTwoAndOneLine(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker qpid = EmbeddedBroker.start()) {
            String uri = "amqp://guest:guest@127.0.0.1:" + qpid.port() + "/%2F";
            for (String[] args : new String[][] {
                {"disk", "--uri", uri, "--stream", "archive", "--file", dir.resolve("app.log").toString()},
                {"console", "--uri", uri, "--stream", "archive", "--from", "15m"}}) {
                try (DaemonProcess daemon = DaemonProcess.start(args)) {
                    assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isEqualTo(2);
                    assertThat(daemon.stderrLines()).singleElement().asString().matches(
                            "logcast-collector: the broker \\(Apache Qpid Broker-J Core 9\\.2\\.1\\) refused stream 'archive' \\(542 Error creating queue "
                                    + "'archive': Unsupported queue declare argument\\(s\\) : [-a-z,]+\\): --stream needs a broker with streams, RabbitMQ 3\\.9 or later");
                    assertThat(daemon.stdout()).isEmpty();
                }
            }
        }
    }

    @Test
    @RequiresRabbitMQ
    void aQueueOfAnotherTypeByThatNameGetsExitTwoAndOneLine(TestBroker broker, @TempDir Path dir) throws Exception {
        try (TestStream stream = TestStream.create(broker)) {
            stream.exchange.channel.queueDeclare(stream.name, true, false, false, Map.of());
            try (DaemonProcess daemon = DaemonProcess.start(stream.args("disk", "--file", dir.resolve("app.log").toString()))) {
                assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isEqualTo(2);
                assertThat(daemon.stderrLines()).containsExactly("logcast-collector: queue '" + stream.name + "' exists and is not a stream "
                        + "(a classic queue, without x-queue-type): --stream needs a stream; name another, or delete that queue");
            }
        }
    }
}
