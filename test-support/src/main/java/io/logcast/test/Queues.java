package io.logcast.test;

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
     * Polls {@code queue} until {@code count} messages arrived or {@code timeout} passed, and returns
     * what arrived, in order (fewer than {@code count} on timeout: the caller asserts the count).
     */
    public static List<GetResponse> awaitMessages(Channel channel, String queue, int count, Duration timeout)
            throws IOException, InterruptedException {
        List<GetResponse> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(queue, true);
            if (response == null) {
                Thread.sleep(5);
            } else {
                received.add(response);
            }
        }
        return received;
    }
}
