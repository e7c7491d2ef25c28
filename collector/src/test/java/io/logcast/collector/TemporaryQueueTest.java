package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon's temporary queue, on any broker (DaemonTopologyTest reads its arguments on RabbitMQ). */
@RealBroker
class TemporaryQueueTest {

    @Test
    void aDaemonsTemporaryQueueRefusesAnyOtherConsumerKeepsDeliveringToTheDaemonAndIsGoneOnceItStops(TestBroker broker, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n")) {
            String queue = disk.awaitConsuming();

            // RabbitMQ refuses with a channel error, Qpid closes the connection: abort() suits both.
            Connection intruder = broker.newConnection("collector-test-intruder");
            try {
                Channel channel = intruder.createChannel();
                assertThatThrownBy(() -> channel.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { }))
                        .isInstanceOf(IOException.class);
            } finally {
                intruder.abort();
            }
            exchange.publishText("after the intruder");
            WrittenFile.awaitText(file, "after the intruder\n", Duration.ofSeconds(30));

            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).as(disk.stderr()).isZero();
            // brokers delete an exclusive queue as they process the close, not before the daemon exits
            await().atMost(Duration.ofSeconds(10)).until(() -> notFound(broker, queue));
        }
    }

    /** True when a passive declaration of {@code queue} fails with 404 (an exclusive queue of another connection fails with 405). */
    private static boolean notFound(TestBroker broker, String queue) throws IOException {
        Connection connection = broker.newConnection("collector-test-probe");
        try {
            connection.createChannel().queueDeclarePassive(queue);
            return false;
        } catch (IOException failed) {
            return failed.getCause() instanceof ShutdownSignalException
                    && ((ShutdownSignalException) failed.getCause()).getReason() instanceof AMQP.Channel.Close
                    && ((AMQP.Channel.Close) ((ShutdownSignalException) failed.getCause()).getReason()).getReplyCode() == 404;
        } finally {
            connection.abort();
        }
    }
}
