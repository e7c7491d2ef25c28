package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** The RabbitMQ tutorial's ReceiveLogs works, unchanged, with the appender's defaults. */
@RealBroker
class TutorialCompatibilityTest {

    private static final String EXCHANGE_NAME = "logs";

    @Test
    void tutorialConsumerReceivesEveryEventFromTheRealLogsExchange(TestBroker broker) throws Exception {
        try (Connection connection = broker.newConnection("appender-test-tutorial-receive-logs")) {
            // ReceiveLogs.java of tutorial three, line for line
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(EXCHANGE_NAME, "fanout");
            String queueName = channel.queueDeclare().getQueue();
            channel.queueBind(queueName, EXCHANGE_NAME, "");
            List<Delivery> received = Collections.synchronizedList(new ArrayList<>());
            channel.basicConsume(queueName, true, (consumerTag, delivery) -> received.add(delivery), consumerTag -> { });
            try {
                LoggingFixture logging = LoggingFixture.start("tutorial", a -> a.setUri(broker.uri()));
                for (int i = 0; i < 100; i++) {
                    logging.logger.info("event {}", i);
                }
                logging.close(); // stop() drains: everything is confirmed when it returns
                assertThat(logging.appender.getConfirmedCount()).isEqualTo(100);
                assertThat(logging.errors()).isEmpty();
                assertThat(logging.warnings()).isEmpty();
                // Others may publish to the shared "logs" exchange: keep this application's events.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> ours(received).size() >= 100);
                assertThat(ours(received).stream().map(CapturedMessages::message))
                        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "event " + i).collect(Collectors.toList()));
                assertThat(channel.isOpen()).as("the tutorial's channel got no PRECONDITION_FAILED").isTrue();
            } finally {
                cleanUp(channel, queueName);
            }
        }
    }

    private static List<Delivery> ours(List<Delivery> received) {
        synchronized (received) {
            return received.stream().filter(d -> "app-tutorial".equals(CapturedMessages.header(d, "app"))).collect(Collectors.toList());
        }
    }

    /** Removes the queue, and the shared exchange only when nobody else is bound to it. */
    private static void cleanUp(Channel channel, String queueName) throws IOException {
        channel.queueDelete(queueName);
        try {
            channel.exchangeDelete(EXCHANGE_NAME, true);
        } catch (IOException inUse) {
            // another program uses "logs" right now: leave it to them
        }
    }
}
