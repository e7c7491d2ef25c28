package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import org.awaitility.Awaitility;

import io.logcast.test.Queues;
import io.logcast.test.TestBroker;

import io.logcast.core.WireContract;

/**
 * A consumer as in the tutorial: declares the exchange (fanout, not durable), binds a server-named
 * exclusive queue and keeps every message it receives, in arrival order. Closing deletes both;
 * use it with a unique exchange name ({@code Queues.uniqueExchange}).
 */
final class CapturedMessages implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private String queue;
    private final List<Delivery> received = new ArrayList<>();

    private CapturedMessages(Connection connection, Channel channel, String exchange) {
        this.connection = connection;
        this.channel = channel;
        this.exchange = exchange;
    }

    static CapturedMessages bind(TestBroker broker, String exchange) throws IOException {
        Connection connection = broker.newConnection("appender-test-consumer");
        Channel channel = connection.createChannel();
        Queues.declareTutorialExchange(channel, exchange);
        String queue = Queues.bindTemporaryQueue(channel, exchange);
        CapturedMessages captured = new CapturedMessages(connection, channel, exchange);
        captured.queue = queue;
        channel.basicConsume(queue, true, (tag, delivery) -> captured.add(delivery), tag -> { });
        return captured;
    }

    private synchronized void add(Delivery delivery) {
        received.add(delivery);
    }

    /**
     * Waits until at least {@code count} messages arrived; returns all so far.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, saying how many arrived
     */
    List<Delivery> await(int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> assertThat(all().size()).as("messages arrived in queue %s", queue).isGreaterThanOrEqualTo(count));
        return all();
    }

    synchronized List<Delivery> all() {
        return new ArrayList<>(received);
    }

    static String body(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }

    static Object header(Delivery delivery, String name) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value instanceof Long || value instanceof Integer ? value : value.toString();
    }

    /** The {@code formattedMessage} of a JSON body. */
    static String message(Delivery delivery) {
        try {
            return JSON.readTree(delivery.getBody()).get("formattedMessage").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body(delivery), e);
        }
    }

    static long seq(Delivery delivery) {
        return (Long) header(delivery, WireContract.HEADER_SEQ);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.queueDelete(queue);
            channel.exchangeDelete(exchange); // a unique name: nobody else uses it
        } finally {
            try {
                connection.close();
            } catch (IOException | RuntimeException ignored) {
                // closed already
            }
        }
    }
}
