package io.logcast.bench;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.amqp.rabbit.logback.AmqpAppender;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.appender.RabbitMQAppender;

/**
 * What a log call goes through in each benchmark of issue 7, part 1; each is set up in a
 * {@link ShopApplication} context of its own, with the logger of {@link TypicalEvent}.
 */
enum LogTarget {
    /** B0: the logger is disabled; the call is a level check. */
    B0,
    /** B1: a counting no-op appender: Logback's own cost of a log call. */
    B1,
    /**
     * B1p (control, not in the issue): the counting appender calling {@code prepareForDeferredProcessing()}
     * first, the work any asynchronous appender must do on the caller's thread (formatting the message,
     * copying the MDC). L-down minus B1p is what logcast's hand-off itself costs.
     */
    B1p,
    /** B2: Logback's AsyncAppender (blocking, large queue, discardingThreshold 0) in front of B1. */
    B2,
    /** S: Spring AMQP's Logback AmqpAppender, publishing to the local broker. */
    S,
    /** L: logcast's RabbitMQAppender, publishing to the local broker. */
    L,
    /** L-down: logcast's appender with the broker unreachable (a closed local port). */
    L_down;

    /** The broker queue bound to L's and S's exchange holds at most this many messages. */
    static final int QUEUE_LENGTH = 10_000;

    /** AsyncAppender's queue for B2: large, and still full within an iteration, so callers block. */
    static final int ASYNC_QUEUE_SIZE = 1 << 18;

    /** A started target; {@link #close()} stops it and deletes the exchange it published to. */
    static final class Running implements AutoCloseable {
        final LoggerContext context;
        final Logger logger;
        private final LongSupplier delivered;
        private final LongSupplier dropped;
        private final Supplier<String> state;
        private final String uri;
        private final String exchange;
        private Connection queue;
        private long lastDelivered;
        private long lastDropped;

        Running(LoggerContext context, LongSupplier delivered, LongSupplier dropped, Supplier<String> state,
                String uri, String exchange) {
            this.context = context;
            this.logger = ShopApplication.logger(context);
            this.delivered = delivered;
            this.dropped = dropped;
            this.state = state;
            this.uri = uri;
            this.exchange = exchange;
        }

        /**
         * What became of the calls since the last report, for the iteration's line in the JMH output:
         * a call that is cheap because its event was dropped must be told from one that was shipped.
         */
        String sinceLastReport() {
            long d = delivered.getAsLong();
            long x = dropped.getAsLong();
            long offered = (d - lastDelivered) + (x - lastDropped);
            String line = String.format("delivered %d, dropped %d (%.1f%% delivered)%s", d - lastDelivered, x - lastDropped,
                    offered == 0 ? 0.0 : 100.0 * (d - lastDelivered) / offered, state.get());
            lastDelivered = d;
            lastDropped = x;
            return line;
        }

        /** The exchange it publishes to and deletes on close, or null. */
        String exchange() {
            return exchange;
        }

        /** Keeps {@code connection} open while the target runs: it holds the queue bound to the exchange. */
        Running withQueue(Connection connection) {
            this.queue = connection;
            return this;
        }

        @Override
        public void close() throws Exception {
            context.stop(); // stops every appender of the context
            if (queue != null) {
                queue.close(); // its exclusive queue goes with it
            }
            if (exchange != null) {
                LocalBroker.deleteExchange(uri, exchange);
            }
        }
    }

    Running start(String uri) throws Exception {
        LoggerContext context = ShopApplication.newContext();
        CountingAppender counting = new CountingAppender();
        counting.setContext(context);
        counting.setName("counting");
        switch (this) {
            case B0:
                ShopApplication.logger(context).setLevel(Level.OFF);
                return new Running(context, () -> 0, () -> 0, () -> "", uri, null);
            case B1:
                ShopApplication.attach(context, counting);
                return new Running(context, counting::appended, () -> 0, () -> "", uri, null);
            case B1p:
                counting.setPrepareForDeferredProcessing(true);
                ShopApplication.attach(context, counting);
                return new Running(context, counting::appended, () -> 0, () -> "", uri, null);
            case B2:
                return async(context, counting, uri);
            case S:
                return spring(context, uri);
            case L:
                return logcast(context, uri, true);
            case L_down:
                return logcast(context, "amqp://guest:guest@127.0.0.1:" + LocalBroker.closedPort() + "/%2F", false);
            default:
                throw new AssertionError(this);
        }
    }

    private static Running async(LoggerContext context, CountingAppender counting, String uri) {
        counting.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setQueueSize(ASYNC_QUEUE_SIZE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(false);
        async.addAppender(counting);
        ShopApplication.attach(context, async);
        return new Running(context, counting::appended, () -> 0, () -> ", queued " + async.getNumberOfElementsInQueue(), uri, null);
    }

    private static Running spring(LoggerContext context, String uri) throws Exception {
        String exchange = LocalBroker.uniqueExchange("spring");
        AmqpAppender spring = new AmqpAppender();
        spring.setContext(context);
        spring.setName("spring-amqp");
        spring.setUri(URI.create(uri));
        spring.setExchangeName(exchange);
        spring.setExchangeType("fanout");
        // declared here, not by Spring: its sender threads may still connect, and declare it again, after
        // stop() returned, so an exchange it declared could outlive the benchmark
        LocalBroker.declareFanout(uri, exchange);
        Connection queue = boundQueue(uri, exchange);
        spring.setDeclareExchange(false);
        spring.setDurable(false);
        spring.setAutoDelete(false);
        spring.setDeliveryMode("NON_PERSISTENT");
        spring.setContentType("application/json");
        spring.setEncoder(TypicalEvent.jsonEncoder(context));
        ShopApplication.attach(context, spring);
        // Spring's queue is unbounded: nothing is dropped, the backlog grows (and is reported).
        Running running = new Running(context, () -> 0, () -> 0, () -> ", queued in Spring's unbounded queue " + spring.getQueuedEventCount(),
                uri, exchange).withQueue(queue);
        TypicalEvent.log(running.logger, 0); // connects and declares before measuring
        awaitTrue(() -> spring.getQueuedEventCount() == 0 && LocalBroker.exchangeExists(uri, exchange), "Spring AmqpAppender to connect");
        return running;
    }

    private static Running logcast(LoggerContext context, String uri, boolean brokerUp) throws Exception {
        String exchange = LocalBroker.uniqueExchange("logcast");
        Connection queue = null;
        if (brokerUp) {
            LocalBroker.declareFanout(uri, exchange); // as the appender declares it
            queue = boundQueue(uri, exchange);
        }
        RabbitMQAppender logcast = ShopApplication.logcastAppender(context, uri, exchange);
        logcast.setShutdownGracePeriod(Duration.buildBySeconds(5));
        ShopApplication.attach(context, logcast);
        Running running = new Running(context, logcast::getConfirmedCount, logcast::getDroppedCount,
                () -> ", buffer depth " + logcast.getBufferDepth(), uri, brokerUp ? exchange : null).withQueue(queue);
        if (brokerUp) {
            TypicalEvent.log(running.logger, 0); // connects and declares before measuring
            awaitTrue(() -> logcast.getConfirmedCount() >= 1, "logcast's appender to connect and deliver");
        }
        return running;
    }

    /**
     * A queue bound to {@code exchange}, as a collector's would be, capped at {@value #QUEUE_LENGTH}
     * messages (the oldest dropped: a consumer that fell behind), so that what L and S publish is
     * routed, as in use, and the broker's memory stays bounded. Without a queue every message L
     * publishes would come back to it as unroutable ({@code mandatory}), and S's would be discarded.
     */
    private static Connection boundQueue(String uri, String exchange) throws Exception {
        Connection connection = LocalBroker.connect(uri, "logcast-bench queue");
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare("", false, true, true, Map.of("x-max-length", QUEUE_LENGTH, "x-overflow", "drop-head")).getQueue();
        channel.queueBind(queue, exchange, "");
        return connection;
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
