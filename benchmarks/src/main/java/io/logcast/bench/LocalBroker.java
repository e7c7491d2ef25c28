package io.logcast.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The broker the benchmarks talk to: {@code -Dlogcast.bench.uri}, else {@code LOGCAST_AMQP_URI}, else
 * the local RabbitMQ with guest/guest. Every benchmark uses an exchange of its own and deletes it.
 */
final class LocalBroker {

    static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    private LocalBroker() {
    }

    static String uri() {
        String property = System.getProperty("logcast.bench.uri");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String environment = System.getenv("LOGCAST_AMQP_URI");
        return environment != null && !environment.isBlank() ? environment : DEFAULT_URI;
    }

    /** A fresh exchange name, so runs never meet each other or the real {@code logs}. */
    static String uniqueExchange(String purpose) {
        return "logcast-bench-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Connection connect(String uri, String name) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (URISyntaxException | GeneralSecurityException e) {
            throw new IllegalArgumentException("bad AMQP URI: " + e.getMessage(), e);
        }
        return factory.newConnection(name);
    }

    /** Declares {@code exchange} as the tutorial does (fanout, not durable). */
    static void declareFanout(String uri, String exchange) throws IOException, TimeoutException {
        try (Connection connection = connect(uri, "logcast-bench-declare")) {
            connection.createChannel().exchangeDeclare(exchange, "fanout", false, false, false, null);
        }
    }

    static void deleteExchange(String uri, String exchange) throws IOException, TimeoutException {
        try (Connection connection = connect(uri, "logcast-bench cleanup"); Channel channel = connection.createChannel()) {
            channel.exchangeDelete(exchange);
        }
    }

    /** True when the exchange exists (a passive declare succeeds). */
    static boolean exchangeExists(String uri, String exchange) throws IOException, TimeoutException {
        try (Connection connection = connect(uri, "logcast-bench check")) {
            Channel channel = connection.createChannel();
            try {
                channel.exchangeDeclarePassive(exchange);
                channel.close();
                return true;
            } catch (IOException notFound) {
                return false;
            }
        }
    }

    /** A local port where nothing listens: connecting to it is refused at once (the broker "down"). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
