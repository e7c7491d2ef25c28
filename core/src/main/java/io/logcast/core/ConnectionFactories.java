package io.logcast.core;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.ConnectionFactory;

/** The connection settings both sides of logcast use, so the appender and the collectors behave alike. */
public final class ConnectionFactories {

    /** Missed heartbeats reveal a broker that went silent (a black-holed connection) within about two intervals. */
    public static final int HEARTBEAT_SECONDS = 10;
    /** TCP connect, and then AMQP handshake, each. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 5_000;

    private ConnectionFactories() {
    }

    /**
     * A factory for {@code uri}: no automatic recovery (logcast reconnects, re-declares and reports by
     * itself), the heartbeat, {@code timeoutMillis} for the TCP connect and for the AMQP handshake, and
     * for {@code amqps://} TLS with {@code tls} (see {@link TrustStores}) and host name verification.
     */
    public static ConnectionFactory create(BrokerUri uri, SSLContext tls, int timeoutMillis) {
        ConnectionFactory factory = new ConnectionFactory();
        uri.applyTo(factory);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(timeoutMillis);
        factory.setHandshakeTimeout(timeoutMillis);
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
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
