package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.appender.WireContract;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

@RealBroker
class TemporaryQueueTest {

    @Test
    void aCollectorsTemporaryQueueIsPrivateToItsConnectionAndGoneWithIt(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange(WireContract.DEFAULT_EXCHANGE);
        String queue;
        try (Connection admin = broker.newConnection("collector-test-admin")) {
            Channel adminChannel = admin.createChannel();
            Queues.declareTutorialExchange(adminChannel, exchange);
            try {
                try (Connection collector = broker.newConnection("collector-test-daemon")) {
                    queue = Queues.bindTemporaryQueue(collector.createChannel(), exchange);

                    Channel other = admin.createChannel();
                    assertThatThrownBy(() -> other.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { }))
                            .isInstanceOf(IOException.class);
                }
                Channel probe = admin.createChannel();
                assertThatThrownBy(() -> probe.queueDeclarePassive(queue)).isInstanceOf(IOException.class);
                assertThat(probe.isOpen()).isFalse();
            } finally {
                admin.createChannel().exchangeDelete(exchange);
            }
        }
    }
}
