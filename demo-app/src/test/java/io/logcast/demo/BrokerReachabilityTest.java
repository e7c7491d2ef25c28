package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

@RealBroker
class BrokerReachabilityTest {

    @Test
    void aPushConsumerOnATemporaryQueueReceivesEveryPublishedEventInOrder(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-demo");
        BlockingQueue<String> received = new ArrayBlockingQueue<>(100);
        try (Connection connection = broker.newConnection("demo-app-test")) {
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, exchange);
            try {
                String queue = Queues.bindTemporaryQueue(channel, exchange);
                channel.basicConsume(queue, true,
                        (tag, delivery) -> received.add(new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> { });

                for (int i = 1; i <= 100; i++) {
                    channel.basicPublish(exchange, "", null, ("info: request " + i).getBytes(StandardCharsets.UTF_8));
                }

                for (int i = 1; i <= 100; i++) {
                    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("info: request " + i);
                }
            } finally {
                channel.exchangeDelete(exchange);
            }
        }
    }
}
