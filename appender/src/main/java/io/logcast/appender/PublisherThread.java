package io.logcast.appender;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.PossibleAuthenticationFailureException;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.ContextAware;

import io.logcast.core.Backoff;
import io.logcast.core.BrokerReply;
import io.logcast.core.ExchangeConflict;
import io.logcast.core.ExchangeDeclaration;

import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * The one thread that owns the connection and the channel: it connects (lazily, with capped
 * exponential backoff), declares the exchange, encodes events, publishes them (one per message, or
 * packed into batches when {@link BatchLimits} allow) and settles them when the broker confirms.
 * Events stay in the buffer until confirmed; what was in flight when a connection died is
 * published again, in order, on the next connection (at-least-once).
 */
final class PublisherThread extends AppenderThread {

    /**
     * Unconfirmed events at most (a batch counts as its events, not as one message): bounds the
     * duplicates one connection loss can cause, batched or not.
     */
    static final int MAX_IN_FLIGHT = 1000;
    /** While lingering for a fuller batch, how often to look for more events; callers never wake the publisher. */
    private static final long LINGER_POLL_NANOS = 200_000L;
    private static final long IDLE_WAKE_NANOS = 100_000_000L;
    private static final long BLOCKED_WAKE_NANOS = 100_000_000L;
    private static final long CONFIRM_WAIT_NANOS = 10_000_000L;
    private static final long SLF4J_INIT_WAIT_NANOS = 5_000_000_000L;
    private static final int CLOSE_TIMEOUT_MILLIS = 1_000;

    /** A publisher confirm, posted by amqp-client's reader thread, applied by this thread. */
    private static final class Confirmation {
        final long generation;
        final long tag;
        final boolean multiple;
        final boolean ack;

        Confirmation(long generation, long tag, boolean multiple, boolean ack) {
            this.generation = generation;
            this.tag = tag;
            this.multiple = multiple;
            this.ack = ack;
        }
    }

    private final EventBuffer buffer;
    private final BrokerConnector connector;
    private final ExchangeDeclaration exchange;
    private final boolean declareExchange;
    private final String routingKey;
    private final EventMessages messages;
    private final BatchLimits batching;
    private final boolean confirms;
    private final Backoff backoff;
    private final Counters counters;
    private final DropReporter drops;
    private final ContextAware status;
    private final String appenderName;
    private final LoggerContext loggerContext;

    private final ConcurrentLinkedQueue<Confirmation> confirmations = new ConcurrentLinkedQueue<>();
    private final NavigableMap<Long, OutgoingMessage> inFlight = new TreeMap<>();
    private int inFlightEvents;
    private ArrayDeque<OutgoingMessage> retry = new ArrayDeque<>();
    /** An event taken and encoded that did not fit in the last batch (maxBatchBytes): the next one starts with it. */
    private ILoggingEvent carriedEvent;
    private byte[] carriedBody;
    private final ArrayList<ILoggingEvent> batchEvents = new ArrayList<>();
    private final ArrayList<byte[]> batchBodies = new ArrayList<>();
    private long nextSeq = 1;
    private long generation;
    private Connection connection;
    private Channel channel;
    private boolean everConnected;
    private String lastFailureKind;
    private boolean finalAttemptMade;

    private volatile boolean blocked;
    private volatile boolean connected;
    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos;

    PublisherThread(String threadName, EventBuffer buffer, BrokerConnector connector, ExchangeDeclaration exchange,
            boolean declareExchange, String routingKey, EventMessages messages, BatchLimits batching, boolean confirms, Backoff backoff, Counters counters, DropReporter drops,
            ContextAware status, String appenderName, LoggerContext loggerContext) {
        super(null, threadName);
        this.buffer = buffer;
        this.connector = connector;
        this.exchange = exchange;
        this.declareExchange = declareExchange;
        this.routingKey = routingKey;
        this.messages = messages;
        this.batching = batching;
        this.confirms = confirms;
        this.backoff = backoff;
        this.counters = counters;
        this.drops = drops;
        this.status = status;
        this.appenderName = appenderName;
        this.loggerContext = loggerContext;
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

    @Override
    public void run() {
        buffer.consumerIs(this);
        awaitSlf4jInitialized();
        try {
            while (!finished()) {
                if (channel == null || !channel.isOpen()) {
                    if (channel != null) {
                        connectionLost(null);
                    }
                    if (!connect() && !stopRequested) {
                        sleepBeforeReconnect();
                    }
                    continue;
                }
                try {
                    settleConfirmations();
                    if (blocked) {
                        LockSupport.parkNanos(this, BLOCKED_WAKE_NANOS);
                        continue;
                    }
                    publishDropReport();
                    int published = publishAvailable();
                    if (published == 0) {
                        if (windowFull() || (stopRequested && !inFlight.isEmpty())) {
                            LockSupport.parkNanos(this, CONFIRM_WAIT_NANOS);
                        } else {
                            buffer.awaitWork(IDLE_WAKE_NANOS);
                        }
                    }
                } catch (IOException | AlreadyClosedException e) {
                    connectionLost(e);
                }
            }
        } catch (RuntimeException | Error e) {
            status.addError(prefix() + "publisher thread failed; events are no longer published", e);
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
            return true;
        }
        if (channel == null || !channel.isOpen()) {
            // Stopping while disconnected: one more attempt at once, no backoff, then give up.
            return finalAttemptMade;
        }
        return buffer.depth() == 0 && inFlight.isEmpty() && retry.isEmpty() && carriedEvent == null;
    }

    private boolean connect() {
        if (stopRequested) {
            finalAttemptMade = true;
        }
        Connection opened = null;
        try {
            blocked = false;
            counters.connectionAttempts.incrementAndGet();
            opened = connector.connect();
            opened.addBlockedListener(reason -> {
                blocked = true;
                status.addWarn(prefix() + "the broker blocked publishing (" + reason + "); events are buffered until it unblocks");
            }, () -> {
                blocked = false;
                status.addInfo(prefix() + "the broker unblocked publishing");
                buffer.wake();
            });
            opened.addShutdownListener(cause -> buffer.wake());
            Channel opening = opened.createChannel();
            if (declareExchange) {
                exchange.declareOn(opening);
            }
            if (confirms) {
                opening.confirmSelect();
                long current = ++generation;
                opening.addConfirmListener(
                        (tag, multiple) -> confirmed(new Confirmation(current, tag, multiple, true)),
                        (tag, multiple) -> confirmed(new Confirmation(current, tag, multiple, false)));
            }
            connection = opened;
            channel = opening;
            connected = true;
            backoff.reset();
            lastFailureKind = null;
            if (everConnected) {
                counters.reconnects.incrementAndGet();
                status.addInfo(prefix() + "reconnected to " + connector.endpoint() + "; publishing again " + eventsIn(retry)
                        + " unconfirmed events first (" + buffer.depth() + " events held in all)");
            } else {
                status.addInfo(prefix() + "connected to " + connector.endpoint() + ", publishing to exchange '" + exchange.name() + "'");
            }
            everConnected = true;
            return true;
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            closeQuietly(opened);
            reportFailure(e);
            return false;
        }
    }

    private void confirmed(Confirmation confirmation) {
        confirmations.add(confirmation);
        buffer.wake();
    }

    /** Applies the confirms that arrived: acked messages leave the buffer, nacked ones are published again. */
    private void settleConfirmations() {
        int released = 0;
        ArrayDeque<OutgoingMessage> nacked = new ArrayDeque<>(0);
        Confirmation confirmation;
        while ((confirmation = confirmations.poll()) != null) {
            if (confirmation.generation != generation) {
                continue; // a confirm of a dead channel; its messages were already queued for retry
            }
            Map<Long, OutgoingMessage> settled = confirmation.multiple
                    ? inFlight.headMap(confirmation.tag, true)
                    : inFlight.subMap(confirmation.tag, true, confirmation.tag, true);
            for (Iterator<OutgoingMessage> it = settled.values().iterator(); it.hasNext();) {
                OutgoingMessage message = it.next();
                it.remove();
                inFlightEvents -= message.eventCount;
                if (confirmation.ack) {
                    counters.confirmed.incrementAndGet();
                    released += message.bufferSlots;
                } else {
                    counters.failed.incrementAndGet();
                    nacked.add(message);
                }
            }
        }
        if (!nacked.isEmpty()) {
            nacked.addAll(retry); // published again first, in their order
            retry = nacked;
        }
        buffer.release(released);
    }

    private void publishDropReport() throws IOException {
        if (!retry.isEmpty()) {
            return; // report after what was in flight, so the stream keeps its order
        }
        LoggingEvent report = drops.takeReport(loggerContext);
        if (report != null) {
            publish(messages.create(report, nextSeq++, false));
        }
    }

    /** Publishes waiting messages, retries first, up to the in-flight window; returns how many. */
    private int publishAvailable() throws IOException {
        int published = 0;
        while (!blocked && !windowFull()) {
            OutgoingMessage message = retry.poll();
            if (message == null) {
                message = nextMessage(batching.maxEvents);
                if (message == null) {
                    break;
                }
            }
            publish(message);
            published++;
        }
        return published;
    }

    /**
     * Whether a full batch would overflow the in-flight window. Waiting for room, rather than sending
     * the smaller batch that would fit, keeps batches full; without batching it is the plain limit.
     */
    private boolean windowFull() {
        return inFlightEvents + batching.maxEvents > MAX_IN_FLIGHT;
    }

    /**
     * The next message from the buffer: up to {@code maxEvents} waiting events (one when batching is
     * off) and {@code maxBatchBytes}, lingering at most {@code lingerTime} for more after the first;
     * null when nothing waits. Seqs are given here, one per event, in the buffer's order.
     */
    private OutgoingMessage nextMessage(int maxEvents) {
        batchEvents.clear();
        batchBodies.clear();
        long bytes = 0;
        long lingerUntil = 0;
        while (batchEvents.size() < maxEvents) {
            ILoggingEvent event;
            byte[] body;
            if (carriedEvent != null) {
                event = carriedEvent;
                body = carriedBody;
                carriedEvent = null;
                carriedBody = null;
            } else {
                event = buffer.poll();
                if (event == null) {
                    if (batchEvents.isEmpty() || batching.lingerNanos == 0 || stopRequested || blocked) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (lingerUntil == 0) {
                        lingerUntil = now + batching.lingerNanos;
                    }
                    long left = lingerUntil - now;
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, Math.min(left, LINGER_POLL_NANOS));
                    continue;
                }
                body = encode(event);
                if (body == null) {
                    continue;
                }
            }
            if (!batchEvents.isEmpty() && bytes + body.length > batching.maxBytes) {
                carriedEvent = event;
                carriedBody = body;
                break;
            }
            batchEvents.add(event);
            batchBodies.add(body);
            bytes += body.length;
            if (bytes >= batching.maxBytes) {
                break;
            }
        }
        if (batchEvents.isEmpty()) {
            return null;
        }
        OutgoingMessage message = messages.create(batchEvents, batchBodies, nextSeq, batchEvents.size());
        nextSeq += batchEvents.size();
        batchEvents.clear();
        batchBodies.clear();
        return message;
    }

    /** The event's body, or null when the encoder failed: the event is skipped, freeing its slot, without a seq. */
    private byte[] encode(ILoggingEvent event) {
        try {
            return messages.encode(event);
        } catch (RuntimeException e) {
            buffer.release(1);
            if (counters.failed.incrementAndGet() == 1) {
                status.addError(prefix() + "the encoder failed on an event from logger " + event.getLoggerName()
                        + "; such events are skipped (counted as failed)", e);
            }
            return null;
        }
    }

    private void publish(OutgoingMessage message) throws IOException {
        long tag = channel.getNextPublishSeqNo();
        try {
            channel.basicPublish(exchange.name(), routingKey, false, message.properties, message.body);
        } catch (IOException | AlreadyClosedException e) {
            retry.addFirst(message);
            throw e;
        }
        counters.published.incrementAndGet();
        if (confirms) {
            inFlight.put(tag, message);
            inFlightEvents += message.eventCount;
        } else {
            buffer.release(message.bufferSlots);
        }
    }

    /** The connection died: what was in flight goes back, in order, ahead of everything else. */
    private void connectionLost(Exception cause) {
        counters.failed.addAndGet(inFlight.size());
        ArrayDeque<OutgoingMessage> again = new ArrayDeque<>(inFlight.values());
        again.addAll(retry);
        retry = again;
        inFlight.clear();
        inFlightEvents = 0;
        confirmations.clear();
        String reason = BrokerReply.describe(cause != null ? cause : connection.getCloseReason());
        closeQuietly(connection);
        connection = null;
        channel = null;
        connected = false;
        if (!stopRequested) {
            status.addWarn(prefix() + "connection to " + connector.endpoint() + " lost (" + reason + "); "
                    + eventsIn(retry) + " unconfirmed events will be published again");
        }
    }

    private static int eventsIn(Iterable<OutgoingMessage> messages) {
        int events = 0;
        for (OutgoingMessage message : messages) {
            events += message.eventCount;
        }
        return events;
    }

    private void sleepBeforeReconnect() {
        long until = System.nanoTime() + backoff.next() * 1_000_000L;
        long left;
        while (!stopRequested && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Reports a failed attempt once; the same failure again stays quiet until something changes. */
    private void reportFailure(Exception e) {
        String message;
        String kind = e.getClass().getName();
        boolean error = true;
        if (e instanceof AuthenticationFailureException || e instanceof PossibleAuthenticationFailureException) {
            message = "login refused for " + connector.endpoint() + ": check username, password and virtualHost ("
                    + BrokerReply.describe(e) + ")";
        } else if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            kind = UnknownHostException.class.getName();
            message = "unknown host: cannot resolve the broker's host (" + connector.endpoint() + "); check uri or addresses";
        } else if (e instanceof ExchangeConflict) {
            message = ((ExchangeConflict) e).advice("this appender declares it", PublisherThread::settingToMatch,
                    "delete the exchange, or set <declareExchange>false</declareExchange> to use it as it is");
        } else {
            error = false;
            message = "cannot connect to " + connector.endpoint() + " (" + BrokerReply.describe(e) + "); retrying with backoff, events are buffered";
        }
        if (kind.equals(lastFailureKind)) {
            return; // the same failure again: said once until a connection succeeds
        }
        lastFailureKind = kind;
        if (error) {
            status.addError(prefix() + message);
        } else {
            status.addWarn(prefix() + message);
        }
    }

    /** The property that makes the appender declare the exchange as it exists; null when none can. */
    private static String settingToMatch(ExchangeConflict.Difference difference) {
        switch (difference.argument()) {
            case "type":
                return "set <exchangeType>" + difference.existing() + "</exchangeType>";
            case "durable":
                return "set <exchangeDurable>" + difference.existing() + "</exchangeDurable>";
            default:
                return null;
        }
    }

    /** Whether a connection is up (read by stop() to explain undelivered events). */
    boolean isConnected() {
        return connected;
    }

    private void close() {
        connected = false;
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

    private String prefix() {
        return "RabbitMQAppender [" + appenderName + "]: ";
    }
}
