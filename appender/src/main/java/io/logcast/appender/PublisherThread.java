package io.logcast.appender;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.BrokerReply;

import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * The one thread that owns the connection and the channel, and runs their lifecycle: connect
 * (lazily, with capped exponential backoff), publish what the {@link Outbox} gives while the
 * {@link ConfirmWindow} has room, settle confirms, and on a lost connection start over, the
 * unconfirmed messages going out again first (at-least-once). On stop, it delivers what it holds
 * until the deadline, then closes.
 */
final class PublisherThread extends AppenderThread {

    private static final long IDLE_WAKE_NANOS = 100_000_000L;
    private static final long BLOCKED_WAKE_NANOS = 100_000_000L;
    private static final long CONFIRM_WAIT_NANOS = 10_000_000L;
    private static final long SLF4J_INIT_WAIT_NANOS = 5_000_000_000L;
    private static final int CLOSE_TIMEOUT_MILLIS = 1_000;

    private final EventBuffer buffer;
    private final BrokerConnector connector;
    private final Destination destination;
    private final Outbox outbox;
    private final ConfirmWindow window;
    private final ConnectionFailures failures;
    private final Counters counters;
    private final StatusReporter status;

    private Connection connection;
    private Channel channel;
    private boolean everConnected;
    private boolean finalAttemptMade;

    private volatile boolean blocked;
    private volatile boolean ranOutOfTime;
    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos;

    PublisherThread(String threadName, EventBuffer buffer, BrokerConnector connector, Destination destination, Outbox outbox,
            ConfirmWindow window, ConnectionFailures failures, Counters counters, StatusReporter status) {
        super(null, threadName);
        this.buffer = buffer;
        this.connector = connector;
        this.destination = destination;
        this.outbox = outbox;
        this.window = window;
        this.failures = failures;
        this.counters = counters;
        this.status = status;
    }

    /** Asks the thread to deliver what is buffered until {@code deadlineNanos}, then close and end. */
    void requestStop(long deadlineNanos) {
        stopDeadlineNanos = deadlineNanos;
        stopRequested = true;
        buffer.wake();
    }

    /** Ends any network wait at once: the stop deadline has passed. */
    void abortNetwork() {
        connector.abort();
        buffer.wake();
    }

    /** Whether it stopped because the stop deadline passed, rather than for want of a connection (read by stop() to explain undelivered events). */
    boolean ranOutOfTime() {
        return ranOutOfTime;
    }

    @Override
    public void run() {
        buffer.consumerIs(this);
        awaitSlf4jInitialized();
        try {
            while (!finished()) {
                if (channel == null) {
                    connect();
                    continue;
                }
                if (!channel.isOpen()) {
                    connectionLost(channel.getCloseReason());
                    continue;
                }
                try {
                    buffer.release(window.settle());
                    if (blocked) {
                        LockSupport.parkNanos(this, BLOCKED_WAKE_NANOS);
                    } else if (publishAvailable() == 0) {
                        awaitConfirmsOrEvents();
                    }
                } catch (IOException | AlreadyClosedException e) {
                    connectionLost(e);
                }
            }
        } catch (RuntimeException | Error e) {
            status.error("publisher thread failed; events are no longer published", e);
        } finally {
            close();
        }
    }

    /**
     * amqp-client logs (at DEBUG) while it connects. The appender usually starts while SLF4J is still
     * initialising (Logback is reading logback.xml), and a log call made then is queued and replayed
     * by SLF4J with a warning on the application's stderr. Connecting a moment later avoids that.
     */
    private void awaitSlf4jInitialized() {
        long deadline = System.nanoTime() + SLF4J_INIT_WAIT_NANOS;
        while (LoggerFactory.getILoggerFactory() instanceof SubstituteLoggerFactory
                && !stopRequested && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, 5_000_000L);
        }
    }

    private boolean finished() {
        if (!stopRequested) {
            return false;
        }
        if (System.nanoTime() - stopDeadlineNanos >= 0) {
            ranOutOfTime = true;
            return true;
        }
        if (channel == null) {
            return finalAttemptMade; // stopping while disconnected: one more attempt at once, no backoff, then give up
        }
        return buffer.depth() == 0 && window.isIdle();
    }

    /** Connects, or says why not and waits the backoff delay (not when stopping). */
    private void connect() {
        if (stopRequested) {
            finalAttemptMade = true;
        }
        Connection opened = null;
        try {
            blocked = false;
            opened = connector.connect();
            opened.addBlockedListener(reason -> {
                blocked = true;
                status.warn("the broker blocked publishing (" + reason + "); events are buffered until it unblocks");
            }, () -> {
                blocked = false;
                status.info("the broker unblocked publishing");
                buffer.wake();
            });
            opened.addShutdownListener(cause -> buffer.wake());
            Channel opening = opened.createChannel();
            destination.prepare(opening);
            window.attach(opening);
            connection = opened;
            channel = opening;
            failures.connected();
            if (everConnected) {
                counters.reconnects.incrementAndGet();
                status.info("reconnected to " + connector.endpoint() + "; publishing again " + window.eventsToRetry()
                        + " unconfirmed events first (" + buffer.depth() + " events held in all)");
            } else {
                status.info("connected to " + connector.endpoint() + ", publishing to exchange '" + destination.exchange() + "'");
            }
            everConnected = true;
        } catch (IOException | RuntimeException | TimeoutException e) {
            closeQuietly(opened);
            long delay = failures.failed(e);
            if (!stopRequested) {
                awaitReconnectDelay(delay);
            }
        }
    }

    /** Publishes waiting messages, re-publications first, up to the in-flight window; returns how many. */
    private int publishAvailable() throws IOException {
        int published = 0;
        while (!blocked && outbox.windowHasRoom()) {
            OutgoingMessage message = outbox.next(() -> stopRequested || blocked);
            if (message == null) {
                break;
            }
            long tag = channel.getNextPublishSeqNo();
            try {
                destination.publish(channel, message);
            } catch (IOException | AlreadyClosedException e) {
                window.unsent(message);
                throw e;
            }
            buffer.release(window.sent(tag, message));
            published++;
        }
        return published;
    }

    private void awaitConfirmsOrEvents() {
        if (!outbox.windowHasRoom() || (stopRequested && window.hasInFlight())) {
            LockSupport.parkNanos(this, CONFIRM_WAIT_NANOS);
        } else {
            buffer.awaitWork(IDLE_WAKE_NANOS);
        }
    }

    /** The connection died: what was in flight goes back, in order, ahead of everything else. */
    private void connectionLost(Exception cause) {
        window.channelLost();
        closeQuietly(connection);
        connection = null;
        channel = null;
        if (!stopRequested) {
            status.warn("connection to " + connector.endpoint() + " lost (" + BrokerReply.describe(cause) + "); "
                    + window.eventsToRetry() + " unconfirmed events will be published again");
        }
    }

    private void awaitReconnectDelay(long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        long left;
        while (!stopRequested && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void close() {
        closeQuietly(connection);
        connection = null;
        channel = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                if (connection.isOpen()) {
                    connection.close(CLOSE_TIMEOUT_MILLIS);
                }
            } catch (IOException | RuntimeException e) {
                connection.abort(CLOSE_TIMEOUT_MILLIS);
            }
        }
    }
}
