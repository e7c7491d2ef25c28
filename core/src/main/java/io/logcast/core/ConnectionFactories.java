package io.logcast.core;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.ConnectionFactory;

/** The connection settings both sides of logcast use, so the appender and the collectors behave alike. */
public final class ConnectionFactories {

    /** Missed heartbeats reveal a broker that went silent (a black-holed connection) within about two intervals. */
    public static final int HEARTBEAT_SECONDS = 10;
    /** TCP connect, and then each answer of the AMQP handshake. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 5_000;
    /**
     * The largest message RabbitMQ can be configured to accept ({@code max_message_size}, 512 MiB): what
     * a consumer must be able to receive. amqp-client's own default (64 MiB) closes the connection on a
     * larger delivery, and a returned {@code mandatory} message is a delivery too.
     */
    public static final int MAX_MESSAGE_BYTES = 512 << 20;

    private ConnectionFactories() {
    }

    /**
     * A factory for {@code uri}: no automatic recovery (logcast reconnects, re-declares and reports by
     * itself), the heartbeat, {@code timeoutMillis} for the TCP connect and for each answer of the AMQP
     * handshake, inbound messages up to {@link #MAX_MESSAGE_BYTES}, and for {@code amqps://} TLS with
     * {@code tls} (see {@link TrustStores}) and host name verification.
     */
    public static ConnectionFactory create(BrokerUri uri, SSLContext tls, int timeoutMillis) {
        ConnectionFactory factory = new ConnectionFactory();
        uri.applyTo(factory);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(timeoutMillis);
        // amqp-client waits half of the handshake timeout for each answer of the broker
        factory.setHandshakeTimeout(2 * timeoutMillis);
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setMaxInboundMessageBodySize(MAX_MESSAGE_BYTES);
        if (uri.isTls()) {
            if (tls == null) {
                throw new IllegalArgumentException("an amqps:// URI needs a TLS context");
            }
            factory.useSslProtocol(tls);
            factory.enableHostnameVerification();
        }
        return factory;
    }
}
