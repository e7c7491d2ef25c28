package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.WireContract;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

@RealBroker
class TemporaryQueueTest {

    @Test
    void aCollectorsTemporaryQueueIsPrivateToItsConnectionAndGoneWithIt(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange(WireContract.DEFAULT_EXCHANGE);
        try (Connection admin = broker.newConnection("collector-test-admin")) {
            Queues.declareTutorialExchange(admin.createChannel(), exchange);
            try {
                String queue;
                try (Connection collector = broker.newConnection("collector-test-daemon")) {
                    Channel consuming = collector.createChannel();
                    queue = Queues.bindTemporaryQueue(consuming, exchange);
                    consuming.basicConsume(queue, false, (tag, delivery) -> { }, tag -> { });

                    // RabbitMQ refuses with a channel error, Qpid closes the connection: abort() suits both.
                    Connection other = broker.newConnection("collector-test-intruder");
                    try {
                        Channel channel = other.createChannel();
                        assertThatThrownBy(() -> channel.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { }))
                                .isInstanceOf(IOException.class);
                    } finally {
                        other.abort();
                    }
                }
                // Brokers delete an exclusive queue as they process the close, not before close() returns.
                await().atMost(Duration.ofSeconds(10)).until(() -> !exists(broker, queue));
            } finally {
                admin.createChannel().exchangeDelete(exchange);
            }
        }
    }

    private static boolean exists(TestBroker broker, String queue) throws IOException {
        Connection connection = broker.newConnection("collector-test-probe");
        try {
            connection.createChannel().queueDeclarePassive(queue);
            return true;
        } catch (IOException notFound) {
            return false;
        } finally {
            connection.abort();
        }
    }
}
