package io.logcast.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.rabbit.logback.AmqpAppender;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.util.Duration;

import io.logcast.appender.RabbitMQAppender;

/**
 * What a log call goes through in each benchmark of issue 7, part 1. Each is set up in a Logback
 * context of its own (never the global one), with the logger of {@link TypicalEvent}.
 */
enum LogTarget {
    /** B0: the logger is disabled; the call is a level check. */
    B0,
    /** B1: a counting no-op appender: Logback's own cost of a log call. */
    B1,
    /** B2: Logback's AsyncAppender (blocking, large queue, discardingThreshold 0) in front of B1. */
    B2,
    /** S: Spring AMQP's Logback AmqpAppender, publishing to the local broker. */
    S,
    /** L: logcast's RabbitMQAppender, publishing to the local broker. */
    L,
    /** L-down: logcast's appender with the broker unreachable (a closed local port). */
    L_down;

    /** AsyncAppender's queue for B2: far more than one iteration's events cannot fit, so it blocks when full. */
    static final int ASYNC_QUEUE_SIZE = 1 << 18;

    /** A running target; {@link #close()} stops it and deletes what it declared on the broker. */
    abstract static class Running implements AutoCloseable {
        final LoggerContext context;
        final Logger logger;
        private long lastA;
        private long lastB;

        Running(LoggerContext context) {
            this.context = context;
            this.logger = context.getLogger(TypicalEvent.LOGGER);
        }

        /** What happened since the last call, for the iteration's line in the JMH output. */
        final String sinceLastReport() {
            long a = counterA();
            long b = counterB();
            String line = describe(a - lastA, b - lastB);
            lastA = a;
            lastB = b;
            return line;
        }

        long counterA() {
            return 0;
        }

        long counterB() {
            return 0;
        }

        String describe(long a, long b) {
            return "";
        }

        @Override
        public void close() throws Exception {
            context.stop();
        }
    }

    Running start(String uri) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setMDCAdapter(new LogbackMDCAdapter()); // as the SLF4J provider gives the global context
        context.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        switch (this) {
            case B0:
                context.getLogger(TypicalEvent.LOGGER).setLevel(Level.OFF);
                return new Running(context) { };
            case B1:
                return counting(context, root);
            case B2:
                return async(context, root);
            case S:
                return spring(context, root, uri);
            case L:
                return logcast(context, root, uri, true);
            case L_down:
                return logcast(context, root, "amqp://guest:guest@127.0.0.1:" + LocalBroker.closedPort() + "/%2F", false);
            default:
                throw new AssertionError(this);
        }
    }

    private static CountingAppender countingAppender(LoggerContext context) {
        CountingAppender counting = new CountingAppender();
        counting.setContext(context);
        counting.setName("counting");
        counting.start();
        return counting;
    }

    private static Running counting(LoggerContext context, Logger root) {
        CountingAppender counting = countingAppender(context);
        root.addAppender(counting);
        return new Running(context) {
            @Override
            long counterA() {
                return counting.appended();
            }

            @Override
            String describe(long appended, long unused) {
                return "appended " + appended;
            }
        };
    }

    private static Running async(LoggerContext context, Logger root) {
        CountingAppender counting = countingAppender(context);
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setQueueSize(ASYNC_QUEUE_SIZE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(false);
        async.addAppender(counting);
        async.start();
        root.addAppender(async);
        return new Running(context) {
            @Override
            long counterA() {
                return counting.appended();
            }

            @Override
            String describe(long appended, long unused) {
                return "worker appended " + appended + ", queued " + async.getNumberOfElementsInQueue();
            }
        };
    }

    private static Running spring(LoggerContext context, Logger root, String uri) throws Exception {
        String exchange = LocalBroker.uniqueExchange("spring");
        AmqpAppender spring = new AmqpAppender();
        spring.setContext(context);
        spring.setName("spring-amqp");
        spring.setUri(URI.create(uri));
        spring.setExchangeName(exchange);
        spring.setExchangeType("fanout");
        spring.setDeclareExchange(true);
        spring.setDurable(false);
        spring.setAutoDelete(false);
        spring.setDeliveryMode("NON_PERSISTENT");
        spring.setContentType("application/json");
        spring.setEncoder(TypicalEvent.jsonEncoder(context));
        spring.start();
        if (!spring.isStarted()) {
            throw new IllegalStateException("Spring AmqpAppender did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
        root.addAppender(spring);
        Running running = new Running(context) {
            @Override
            String describe(long a, long b) {
                return "queued in Spring's unbounded queue " + spring.getQueuedEventCount();
            }

            @Override
            public void close() throws Exception {
                try {
                    super.close();
                } finally {
                    LocalBroker.deleteExchange(uri, exchange);
                }
            }
        };
        // Connect and declare before measuring: the first event goes through.
        TypicalEvent.log(running.logger, 0);
        awaitTrue(() -> spring.getQueuedEventCount() == 0 && LocalBroker.exchangeExists(uri, exchange), "Spring AmqpAppender to connect");
        return running;
    }

    private static Running logcast(LoggerContext context, Logger root, String uri, boolean brokerUp) throws Exception {
        String exchange = LocalBroker.uniqueExchange("logcast");
        RabbitMQAppender logcast = new RabbitMQAppender();
        logcast.setContext(context);
        logcast.setName("logcast");
        logcast.setUri(uri);
        logcast.setExchange(exchange);
        logcast.setShutdownGracePeriod(Duration.buildBySeconds(5));
        logcast.start();
        if (!logcast.isStarted()) {
            throw new IllegalStateException("RabbitMQAppender did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
        root.addAppender(logcast);
        Running running = new Running(context) {
            @Override
            long counterA() {
                return logcast.getConfirmedCount();
            }

            @Override
            long counterB() {
                return logcast.getDroppedCount();
            }

            @Override
            String describe(long confirmed, long dropped) {
                long offered = confirmed + dropped;
                return String.format("confirmed %d, dropped %d (%.1f%% of calls buffered), buffer depth %d", confirmed, dropped,
                        offered == 0 ? 0.0 : 100.0 * confirmed / offered, logcast.getBufferDepth());
            }

            @Override
            public void close() throws Exception {
                try {
                    super.close();
                } finally {
                    if (brokerUp) {
                        LocalBroker.deleteExchange(uri, exchange);
                    }
                }
            }
        };
        if (brokerUp) {
            TypicalEvent.log(running.logger, 0);
            awaitTrue(() -> logcast.getConfirmedCount() >= 1, "logcast's appender to connect and deliver");
        }
        return running;
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
