package io.logcast.collector.amqp;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.SocketConfigurators;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.amqp.ConsumerSession.Ending;
import io.logcast.collector.amqp.ConsumerSession.Next;
import io.logcast.core.Backoff;
import io.logcast.core.BrokerAddresses;
import io.logcast.core.BrokerReply;
import io.logcast.core.ConnectionFactories;

/**
 * A collector's one connection and one queue. {@link #run()} owns the channel: it connects (retrying
 * with capped exponential backoff), declares the {@link Topology}, consumes, hands each message to the
 * {@link MessageHandler} and acknowledges what the handler took, several at a time. When the
 * connection is lost it reconnects and re-declares by itself. The connection's reader thread, which
 * runs the consumer's callbacks ({@link CallingThreadExecutor}), only queues deliveries for it.
 */
public final class QueueConsumer {

    /** Receives each message on the consuming thread; returning means the message may be acknowledged. */
    public interface MessageHandler {
        void handle(Delivery delivery);

        /** Called before the messages handled so far are acknowledged: what must outlive them is made to. */
        default void beforeAcknowledging() {
        }

        /**
         * Called on each connection once the queue or stream is declared, before consuming: the consumer
         * arguments (where a stream is read from), after what the handler must learn on the connection first.
         *
         * @throws IOException when the connection is lost meanwhile
         */
        default Map<String, Object> attach(Connection connection, Topology.Declared declared) throws IOException, InterruptedException {
            return Map.of();
        }

        /** Called when no message came for a while (100 ms). */
        default void idle() {
        }
    }

    /** Told when the connection came back after a loss: events published meanwhile may be missing. */
    @FunctionalInterface
    public interface RecoveryListener {
        void recovered(String lossReason);
    }

    /** Outcome of {@link #run()}. */
    public enum Outcome {
        /** {@link #stop()} was called: everything handled was acknowledged, the connection is closed. */
        STOPPED,
        /** The broker refused the login or the topology: one line said why on the diagnostics stream. */
        REFUSED
    }

    private static final long INITIAL_RETRY_DELAY_MILLIS = 1_000;
    private static final int TIMEOUT_MILLIS = ConnectionFactories.DEFAULT_TIMEOUT_MILLIS;

    private final ConsumerSettings settings;
    private final String connectionName;
    private final MessageHandler handler;
    private final RecoveryListener recoveryListener;
    private final Diagnostics diagnostics;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** The sockets of a connection attempt in progress: {@link #stop()} closes them rather than wait for a silent peer. */
    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();

    public QueueConsumer(ConsumerSettings settings, String connectionName, MessageHandler handler,
                         RecoveryListener recoveryListener, Diagnostics diagnostics) {
        this.settings = settings;
        this.connectionName = connectionName;
        this.handler = handler;
        this.recoveryListener = recoveryListener;
        this.diagnostics = diagnostics;
    }

    /** Asks {@link #run()} to stop consuming, finish and acknowledge what it has, close, and return. */
    public void stop() {
        stopRequested.countDown();
        connecting.forEach(QueueConsumer::closeQuietly);
    }

    boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Consumes until {@link #stop()} or a refusal.
     *
     * @throws RuntimeException whatever the handler threw; the message it failed on and any later ones
     *                          are not acknowledged, and the connection is closed so the broker keeps them
     */
    public Outcome run() throws InterruptedException {
        ConnectionFactory factory = factory();
        Backoff backoff = new Backoff(INITIAL_RETRY_DELAY_MILLIS, settings.maxRetryDelayMillis());
        String lossReason = null;
        while (!stopping()) {
            Ending ending = connectAndConsume(factory, lossReason, backoff);
            switch (ending.next()) {
                case STOP:
                    return Outcome.STOPPED;
                case REFUSE:
                    diagnostics.say(ending.text());
                    return Outcome.REFUSED;
                case AGAIN:
                    lossReason = ending.text();
                    break;
                case LATER:
                    if (stopping()) {
                        // stop() closed the connection it was setting up: no failure to report
                        return Outcome.STOPPED;
                    }
                    long delay = backoff.next();
                    diagnostics.say(ending.text() + "; attempt " + backoff.failures() + ", retrying in " + Backoff.seconds(delay));
                    stopRequested.await(delay, TimeUnit.MILLISECONDS);
                    break;
            }
        }
        return Outcome.STOPPED;
    }

    /** One connection's life, from the attempt to the close; {@code lossReason}: why the one before was lost, if it was. */
    private Ending connectAndConsume(ConnectionFactory factory, String lossReason, Backoff backoff) throws InterruptedException {
        Connection connection;
        List<String> unanswered = new ArrayList<>();
        try {
            connection = settings.addresses() == null ? factory.newConnection(connectionName)
                    : settings.addresses().connect(factory, connectionName,
                            (node, e) -> unanswered.add(node + " (" + BrokerReply.describeConnectFailure(e, TIMEOUT_MILLIS) + ")"));
        } catch (IOException | TimeoutException e) {
            if (e instanceof AuthenticationFailureException || BrokerReply.code(e) == AMQP.ACCESS_REFUSED
                    || BrokerReply.code(e) == AMQP.NOT_ALLOWED) {
                return new Ending(Next.REFUSE, "the broker at " + (settings.addresses() == null ? settings.uri() : "--addresses " + settings.addresses())
                        + " refused the login (" + BrokerReply.describe(e)
                        + "): check the user, password and virtual host in --uri");
            }
            return new Ending(Next.LATER, settings.addresses() == null
                    ? "cannot connect to " + settings.uri() + " (" + BrokerReply.describeConnectFailure(e, TIMEOUT_MILLIS) + ")"
                    : "cannot connect to any node of --addresses: " + String.join(", ", unanswered));
        } finally {
            connecting.clear();
        }
        try {
            ConsumerSession session = new ConsumerSession(connection, settings, handler, this::stopping);
            Topology.Declared declared;
            try {
                declared = session.open();
            } catch (DeclarationException e) {
                return new Ending(Next.REFUSE, e.getMessage());
            } catch (IOException | ShutdownSignalException e) {
                return new Ending(Next.LATER, "cannot consume from exchange '" + settings.topology().exchange() + "' at "
                        + where() + " (" + BrokerReply.describe(e) + ")");
            }
            if (!declared.consumable()) {
                diagnostics.say(declared.capRefused());
                return new Ending(Next.AGAIN, lossReason);
            }
            backoff.reset();
            if (lossReason == null) {
                if (declared.notice() != null) {
                    diagnostics.say(declared.notice());
                }
                diagnostics.say("consuming from exchange '" + settings.topology().exchange() + "' through " + declared.describe()
                        + " at " + where());
            } else {
                diagnostics.say("reconnected to " + where() + " after the connection was lost (" + lossReason
                        + "); re-declared " + declared.describe() + " and bound it to exchange '" + settings.topology().exchange() + "'");
                recoveryListener.recovered(lossReason);
            }
            return session.consumeUntilStoppedOrLost();
        } finally {
            closeQuietly(connection);
        }
    }

    /** Where the connection is, for the lines that say so: the URI, or the node of {@code --addresses} it reached. */
    private String where() {
        BrokerAddresses addresses = settings.addresses();
        return addresses == null ? settings.uri().toString() : addresses.connected() + " (of --addresses " + addresses + ")";
    }

    private ConnectionFactory factory() {
        ConnectionFactory factory = ConnectionFactories.create(settings.uri(), settings.tls(), TIMEOUT_MILLIS);
        factory.setSharedExecutor(CallingThreadExecutor.INSTANCE);
        factory.setExceptionHandler(new ForgivingExceptionHandler() {
            @Override
            public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
                // the loss reaches run() as a shutdown signal and is reported there, once
            }
        });
        factory.setSocketConfigurator(socket -> {
            SocketConfigurators.defaultConfigurator().configure(socket);
            connecting.add(socket);
            if (stopping()) {
                socket.close();
            }
        });
        return factory;
    }

    private static void closeQuietly(Connection connection) {
        if (connection.isOpen()) {
            try {
                connection.close(2_000);
            } catch (IOException | RuntimeException alreadyGone) {
                connection.abort(1_000);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // the attempt fails either way
        }
    }
}
