package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.logcast.broker.EmbeddedBroker;
import io.logcast.test.Queues;

import org.junit.jupiter.api.Test;

/**
 * The console's default queue cap on a broker that knows neither x-max-length nor x-overflow (Apache
 * Qpid Broker-J, which answers 542 and closes the connection): dropped with one line; a cap the user
 * asked for is not.
 */
class QueueCapTest {

    private static final String REFUSAL = "(542 Error creating queue 'tmp_";

    @Test
    void theDefaultCapIsDroppedWithOneLineWhereTheBrokerRefusesItAndEventsArePrinted() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", "cap-test",
                     "--color", "never", "--pattern", "%msg%n")) {
            console.awaitConsuming();
            publish(broker, "cap-test", "after the cap was dropped");
            console.awaitStdout("after the cap was dropped", 1, Duration.ofSeconds(30));
            console.terminate();
            assertThat(console.awaitExit(Duration.ofSeconds(30))).isZero();

            List<String> lines = console.stderrLines();
            assertThat(lines).as(console.stderr()).hasSize(3);
            assertThat(lines.get(0)).startsWith("logcast-collector: the broker refused the default queue cap x-max-length 100000 "
                    + "with x-overflow drop-head " + REFUSAL).endsWith("': Unsupported queue declare argument(s) : x-overflow,x-max-length): "
                    + "consuming without a cap; --max-queue-length 0 says so at start");
            assertThat(lines.get(1)).startsWith("logcast-collector: consuming from exchange 'cap-test' through queue tmp_");
            assertThat(lines.get(2)).startsWith("logcast-collector: delivery summary: 1 messages, 1 events written");
            assertThat(console.stdout()).isEqualTo("after the cap was dropped\n");
        }
    }

    @Test
    void aCapTheUserAskedForIsKeptAndItsRefusalStopsTheDaemonWithExit2() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", "cap-test",
                     "--max-queue-length", "500")) {
            assertThat(console.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(console.stderrLines()).as(console.stderr()).singleElement().asString()
                    .startsWith("logcast-collector: the broker refused the collector's queue " + REFUSAL)
                    .endsWith("it is declared server-named, exclusive, auto-deleted with x-max-length 500 and x-overflow drop-head: "
                            + "change --max-queue-length (0: none) or --durable-queue to match what the broker accepts");
        }
    }

    private static void publish(EmbeddedBroker broker, String exchange, String body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.uri());
        try (Connection connection = factory.newConnection("cap-test-publisher")) {
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, exchange);
            channel.basicPublish(exchange, "", null, body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
