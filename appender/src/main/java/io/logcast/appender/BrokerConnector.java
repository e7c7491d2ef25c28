package io.logcast.appender;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.SocketConfigurators;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;

import io.logcast.core.BrokerAddresses;
import io.logcast.core.BrokerUri;
import io.logcast.core.ConnectionFactories;
import io.logcast.core.TrustStores;

/**
 * Opens connections to the configured broker (URI, or a list of cluster addresses) with the
 * appender's own timeouts, daemon threads and no automatic recovery: the publisher thread decides
 * when to reconnect. It can also cut short whatever it is doing on the network ({@link #abort()}).
 */
final class BrokerConnector {

    private final ConnectionFactory factory;
    private final BrokerAddresses addresses;
    private final String connectionName;
    private volatile Socket currentSocket;
    private final Set<Thread> clientThreads = ConcurrentHashMap.newKeySet();

    private BrokerConnector(ConnectionFactory factory, BrokerAddresses addresses, String connectionName) {
        this.factory = factory;
        this.addresses = addresses;
        this.connectionName = connectionName;
    }

    /** A configuration the connector cannot use; the message says which setting and why, without the password. */
    static final class InvalidSettingException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSettingException(String message) {
            super(message);
        }
    }

    /**
     * A connector for the appender's connection settings ({@code uri}, {@code addresses}, the
     * overrides of user, password and virtual host, timeouts, trust store); its threads are named
     * {@code threadNamePrefix} and a number, and amqp-client's own errors become status messages.
     */
    static BrokerConnector create(AppenderSettings settings, String connectionName, String threadNamePrefix, StatusReporter status)
            throws InvalidSettingException {
        BrokerUri uri;
        try {
            uri = BrokerUri.parse(settings.uri == null ? BrokerUri.DEFAULT : settings.uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("uri " + e.getMessage());
        }
        BrokerAddresses addresses = null;
        if (settings.addresses != null && !settings.addresses.isBlank()) {
            try {
                addresses = BrokerAddresses.parse(settings.addresses);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("addresses " + e.getMessage());
            }
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, AppenderSettings.millis(settings.connectTimeout)));
        ConnectionFactory factory = ConnectionFactories.create(uri, uri.isTls() ? sslContext(settings) : null, timeoutMillis);
        if (settings.username != null) {
            factory.setUsername(settings.username);
        }
        if (settings.password != null) {
            factory.setPassword(settings.password);
        }
        if (settings.virtualHost != null) {
            factory.setVirtualHost(settings.virtualHost);
        }
        factory.setExceptionHandler(new StatusExceptionHandler(status));
        BrokerConnector connector = new BrokerConnector(factory, addresses, connectionName);
        AtomicInteger threads = new AtomicInteger();
        factory.setThreadFactory(task -> connector.track(new AppenderThread(task, threadNamePrefix + threads.incrementAndGet())));
        factory.setSocketConfigurator(SocketConfigurators.defaultConfigurator().andThen(socket -> connector.currentSocket = socket));
        return connector;
    }

    /**
     * Opens a connection; blocks at most about the connect timeout per address. Cluster nodes are tried
     * in order, after a lost connection from the node after the one it was to (see {@link BrokerAddresses}).
     */
    Connection connect() throws IOException, TimeoutException {
        return addresses == null ? factory.newConnection(connectionName)
                : addresses.connect(factory, connectionName, (node, e) -> { });
    }

    /** Closes the socket being connected or in use, which ends any network wait of the publisher. */
    void abort() {
        Socket socket = currentSocket;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /** Waits until amqp-client's threads of closed connections ended; true when none is left. */
    boolean awaitClientThreads(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Thread thread : clientThreads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
        clientThreads.removeIf(thread -> !thread.isAlive());
        return clientThreads.isEmpty();
    }

    private Thread track(Thread thread) {
        clientThreads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        clientThreads.add(thread);
        return thread;
    }

    /**
     * Where the connector connects, for status messages: never the password. With cluster addresses, once
     * connected, the node it connected to last and the list ({@code 127.0.0.1:5674 of [...]}).
     */
    String endpoint() {
        String where = addresses == null ? factory.getHost() + ":" + factory.getPort()
                : addresses.connected() == null ? "[" + addresses + "]" : addresses.connected() + " of [" + addresses + "]";
        return "user '" + factory.getUsername() + "' at " + where + " vhost '" + factory.getVirtualHost() + "'";
    }

    private static SSLContext sslContext(AppenderSettings settings) throws InvalidSettingException {
        try {
            File file = settings.trustStore == null || settings.trustStore.isBlank() ? null : new File(settings.trustStore);
            return TrustStores.context(file, settings.trustStorePassword);
        } catch (Exception e) {
            throw new InvalidSettingException("trustStore '" + settings.trustStore + "' cannot be used: " + e);
        }
    }

    /**
     * amqp-client reports connection driver errors by logging them through SLF4J, which would put a
     * warning in the application's own logs at every failed attempt; they become status messages.
     * The publisher thread reports the failures that matter itself.
     */
    private static final class StatusExceptionHandler extends ForgivingExceptionHandler {
        private final StatusReporter status;

        StatusExceptionHandler(StatusReporter status) {
            this.status = status;
        }

        @Override
        protected void log(String message, Throwable e) {
            status.info("amqp-client: " + message + " (" + e + ")");
        }
    }
}
