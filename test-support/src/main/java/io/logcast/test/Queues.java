package io.logcast.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

/** Topology for tests: unique exchange names and temporary (exclusive, server-named) queues. */
public final class Queues {

    private Queues() {
    }

    /** An exchange name no other test or program uses, so that tests stay independent. */
    public static String uniqueExchange(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Declares {@code exchange} as the tutorial does: fanout, not durable, no arguments. */
    public static void declareTutorialExchange(Channel channel, String exchange) throws IOException {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, false, false, null);
    }

    /** Declares a server-named, exclusive, auto-delete queue bound to {@code exchange}; returns its name. */
    public static String bindTemporaryQueue(Channel channel, String exchange) throws IOException {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");
        return queue;
    }

    /**
     * Takes messages from {@code queue} until {@code count} arrived, and returns them in order.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, saying how many arrived
     */
    public static List<GetResponse> awaitMessages(Channel channel, String queue, int count, Duration timeout) {
        List<GetResponse> received = new ArrayList<>(count);
        await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            GetResponse response;
            while (received.size() < count && (response = channel.basicGet(queue, true)) != null) {
                received.add(response);
            }
            if (received.size() < count) {
                throw new AssertionError(received.size() + " of " + count + " messages arrived in queue " + queue);
            }
        });
        return received;
    }
}
