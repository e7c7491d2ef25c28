package io.logcast.collector.amqp;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;

import io.logcast.core.Backoff;
import io.logcast.core.BrokerReply;
import io.logcast.core.BrokerUri;
import io.logcast.core.ConnectionFactories;

/**
 * A collector's one connection and one queue. {@link #run()} owns the channel: it connects (retrying
 * with capped exponential backoff), declares the {@link Topology}, consumes, hands each message to the
 * {@link MessageHandler} and acknowledges what the handler took, several at a time. When the
 * connection is lost it reconnects and re-declares by itself. The client's dispatch thread only
 * queues deliveries for it.
 */
public final class QueueConsumer {

    /**
     * Receives each message on the consuming thread; returning means the message may be acknowledged.
     * {@code redelivered} is the broker's flag: the message was delivered before, to this consumer or
     * another, and not acknowledged (it may have been handled already).
     */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(AMQP.BasicProperties properties, byte[] body, boolean redelivered);

        /** Called before the messages handled so far are acknowledged: what must outlive them is made to. */
        default void beforeAcknowledging() {
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

    private static final long IDLE_POLL_MILLIS = 100;
    private static final long INITIAL_RETRY_DELAY_MILLIS = 1_000;

    private final BrokerUri uri;
    private final String connectionName;
    private final Topology topology;
    private final int prefetch;
    private final long maxRetryDelayMillis;
    private final MessageHandler handler;
    private final RecoveryListener recoveryListener;
    private final PrintStream diagnostics;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final SSLContext tls;

    /**
     * @param tls for {@code amqps://}: the context that verifies the broker's certificate (the host name is
     *            verified too); ignored for {@code amqp://}
     */
    public QueueConsumer(BrokerUri uri, String connectionName, Topology topology, int prefetch, long maxRetryDelayMillis,
                         MessageHandler handler, RecoveryListener recoveryListener, PrintStream diagnostics, SSLContext tls) {
        this.tls = tls;
        this.uri = uri;
        this.connectionName = connectionName;
        this.topology = topology;
        this.prefetch = prefetch;
        this.maxRetryDelayMillis = maxRetryDelayMillis;
        this.handler = handler;
        this.recoveryListener = recoveryListener;
        this.diagnostics = diagnostics;
    }

    /** Asks {@link #run()} to stop consuming, finish and acknowledge what it has, close, and return. */
    public void stop() {
        stopRequested.countDown();
    }

    private boolean stopping() {
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
        Backoff backoff = new Backoff(INITIAL_RETRY_DELAY_MILLIS, maxRetryDelayMillis);
        String lossReason = null;
        while (!stopping()) {
            Connection connection;
            try {
                connection = factory.newConnection(connectionName);
            } catch (AuthenticationFailureException e) {
                say("the broker at " + uri + " refused the login (" + BrokerReply.describe(e) + "): check the user, password and virtual host in --uri");
                return Outcome.REFUSED;
            } catch (IOException | TimeoutException e) {
                if (BrokerReply.code(e) == AMQP.ACCESS_REFUSED || BrokerReply.code(e) == AMQP.NOT_ALLOWED) {
                    say("the broker at " + uri + " refused the login (" + BrokerReply.describe(e) + "): check the user, password and virtual host in --uri");
                    return Outcome.REFUSED;
                }
                long delay = backoff.next();
                say("cannot connect to " + uri + " (" + BrokerReply.describe(e) + "); attempt " + backoff.failures()
                        + ", retrying in " + formatSeconds(delay));
                stopRequested.await(delay, TimeUnit.MILLISECONDS);
                continue;
            }
            boolean consuming = false;
            try {
                Session session = new Session(connection);
                String queue = session.open();
                consuming = true;
                backoff.reset();
                if (lossReason == null) {
                    say("consuming from exchange '" + topology.exchange() + "' through queue " + queue + " at " + uri);
                } else {
                    say("reconnected to " + uri + " after the connection was lost (" + lossReason
                            + "); re-declared queue " + queue + " and bound it to exchange '" + topology.exchange() + "'");
                    recoveryListener.recovered(lossReason);
                }
                lossReason = session.consumeUntilStoppedOrLost();
            } catch (DeclarationException e) {
                say(e.getMessage());
                closeQuietly(connection);
                return Outcome.REFUSED;
            } catch (Topology.DefaultCapRefused e) {
                say(e.getMessage());
            } catch (IOException | ShutdownSignalException e) {
                if (consuming) {
                    lossReason = BrokerReply.describe(e);
                } else {
                    long delay = backoff.next();
                    say("cannot consume from exchange '" + topology.exchange() + "' at " + uri + " (" + BrokerReply.describe(e)
                            + "); attempt " + backoff.failures() + ", retrying in " + formatSeconds(delay));
                    closeQuietly(connection);
                    stopRequested.await(delay, TimeUnit.MILLISECONDS);
                }
            } finally {
                closeQuietly(connection);
            }
        }
        return Outcome.STOPPED;
    }

    private ConnectionFactory factory() {
        ConnectionFactory factory = ConnectionFactories.create(uri, tls, ConnectionFactories.DEFAULT_TIMEOUT_MILLIS);
        factory.setExceptionHandler(new ForgivingExceptionHandler() {
            @Override
            public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
                // the loss reaches run() as a shutdown signal and is reported there, once
            }
        });
        return factory;
    }

    private static String formatSeconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format("%.1f s", millis / 1000.0);
    }

    private void say(String line) {
        diagnostics.println("logcast-collector: " + line);
        diagnostics.flush();
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

    /** One connection's life: declare, consume, hand over, acknowledge. Runs on the caller's thread. */
    private final class Session {
        private final Connection connection;
        private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private Channel channel;
        private String consumerTag;
        private long lastHandledTag;
        private int unacknowledged;

        Session(Connection connection) {
            this.connection = connection;
        }

        String open() throws IOException {
            channel = connection.createChannel();
            String queue = topology.declare(channel);
            channel.basicQos(prefetch);
            consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    inbox.add(new Message(envelope.getDeliveryTag(), envelope.isRedeliver(), properties, body));
                }

                @Override
                public void handleCancelOk(String tag) {
                    inbox.add(Signal.CANCELLED);
                }

                @Override
                public void handleCancel(String tag) {
                    inbox.add(new Lost("the broker cancelled the consumer (queue deleted?)"));
                }

                @Override
                public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
                    inbox.add(new Lost(BrokerReply.describe(signal)));
                }
            });
            return queue;
        }

        /** Returns the reason the connection was lost, or null when stopped. */
        String consumeUntilStoppedOrLost() throws IOException, InterruptedException {
            while (true) {
                if (stopping()) {
                    finish();
                    return null;
                }
                Object next = inbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    acknowledge();
                } else if (next instanceof Message) {
                    take((Message) next);
                } else if (next instanceof Lost) {
                    return ((Lost) next).reason;
                }
            }
        }

        private void take(Message message) throws IOException {
            try {
                handler.handle(message.properties, message.body, message.redelivered);
            } catch (RuntimeException e) {
                acknowledge();
                connection.abort(1_000);
                throw e;
            }
            lastHandledTag = message.tag;
            if (++unacknowledged >= Math.max(1, prefetch / 2)) {
                acknowledge();
            }
        }

        private void acknowledge() throws IOException {
            if (unacknowledged > 0) {
                handler.beforeAcknowledging();
                channel.basicAck(lastHandledTag, true);
                unacknowledged = 0;
            }
        }

        /** Stops the consumer, hands over and acknowledges what was already delivered, closes. */
        private void finish() throws IOException, InterruptedException {
            channel.basicCancel(consumerTag);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Object next = inbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next == Signal.CANCELLED || next instanceof Lost) {
                    break;
                }
                if (next instanceof Message) {
                    take((Message) next);
                }
            }
            acknowledge();
            connection.close(5_000);
        }
    }

    private static final class Message {
        final long tag;
        final boolean redelivered;
        final AMQP.BasicProperties properties;
        final byte[] body;

        Message(long tag, boolean redelivered, AMQP.BasicProperties properties, byte[] body) {
            this.tag = tag;
            this.redelivered = redelivered;
            this.properties = properties;
            this.body = body;
        }
    }

    private static final class Lost {
        final String reason;

        Lost(String reason) {
            this.reason = reason;
        }
    }

    private enum Signal {
        CANCELLED
    }
}
