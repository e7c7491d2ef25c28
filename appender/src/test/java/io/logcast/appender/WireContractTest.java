package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

import io.logcast.core.WireContract;

@RealBroker
class WireContractTest {

    @Test
    void contractHeadersSurviveTheBrokerUnchangedOnEveryBoundQueue(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-contract");
        try (Connection connection = broker.newConnection("appender-wire-contract")) {
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, exchange);
            try {
                String first = Queues.bindTemporaryQueue(channel, exchange);
                String second = Queues.bindTemporaryQueue(channel, exchange);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType(WireContract.CONTENT_TYPE_JSON)
                        .messageId(WireContract.messageId("p1", 7L))
                        .headers(Map.of(WireContract.HEADER_LEVEL, "WARN", WireContract.HEADER_SEQ, 7L,
                                WireContract.HEADER_EVENT_TIME, 1_764_000_000_123L))
                        .build();
                channel.basicPublish(exchange, WireContract.DEFAULT_ROUTING_KEY, properties,
                        "{\"level\":\"WARN\"}\n".getBytes(StandardCharsets.UTF_8));

                for (String queue : List.of(first, second)) {
                    List<GetResponse> received = Queues.awaitMessages(channel, queue, 1, Duration.ofSeconds(10));
                    assertThat(received).hasSize(1);
                    AMQP.BasicProperties got = received.get(0).getProps();
                    assertThat(got.getMessageId()).isEqualTo("p1-7");
                    assertThat(got.getContentType()).isEqualTo("application/json");
                    assertThat(got.getHeaders().get("level").toString()).isEqualTo("WARN");
                    assertThat(got.getHeaders().get("seq")).isEqualTo(7L);
                    assertThat(got.getHeaders().get("event_time")).isEqualTo(1_764_000_000_123L);
                }
            } finally {
                channel.exchangeDelete(exchange);
            }
        }
    }
}
