package io.logcast.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

    @Test
    void fanoutReachesTwoServerNamedExclusiveQueuesOverAmqp091() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(broker.uri());
            try (Connection connection = factory.newConnection("embedded-broker-test")) {
                Channel channel = connection.createChannel();
                channel.exchangeDeclare("logs", BuiltinExchangeType.FANOUT);
                String first = channel.queueDeclare().getQueue();
                String second = channel.queueDeclare().getQueue();
                channel.queueBind(first, "logs", "");
                channel.queueBind(second, "logs", "");

                channel.basicPublish("logs", "", null, "info: Hello World!".getBytes(StandardCharsets.UTF_8));

                assertThat(first).isNotEqualTo(second);
                assertThat(bodyOf(channel, first)).isEqualTo("info: Hello World!");
                assertThat(bodyOf(channel, second)).isEqualTo("info: Hello World!");
            }
        }
    }

    private static String bodyOf(Channel channel, String queue) {
        GetResponse response = await("a message on " + queue).atMost(Duration.ofSeconds(10)).pollInSameThread()
                .pollInterval(Duration.ofMillis(10)).until(() -> channel.basicGet(queue, true), Objects::nonNull);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
