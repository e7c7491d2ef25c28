package io.logcast.collector;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;

import io.logcast.appender.RabbitMQAppender;

import org.slf4j.MDC;

/**
 * An application of a fault test: its own LoggerContext with the real {@link RabbitMQAppender},
 * logging numbered events {@code "<name> <n>"} (n from 1, so an event's seq is n as long as nothing
 * is dropped). Log calls wait for room rather than drop: the tests count losses downstream.
 */
public final class TrafficApplication implements AutoCloseable {

    final String name;
    public final LoggerContext context = new LoggerContext();
    final RabbitMQAppender appender = new RabbitMQAppender();
    private final org.slf4j.Logger logger;
    private long slowestLogCallNanos;

    public TrafficApplication(String name, String uri, String exchange, boolean durable) {
        this(name, uri, exchange, durable, appender -> { });
    }

    /** {@code configure} sets what else the test needs before the appender starts. */
    public TrafficApplication(String name, String uri, String exchange, boolean durable,
                              java.util.function.Consumer<RabbitMQAppender> configure) {
        this.name = name;
        context.setName(name);
        context.setMDCAdapter(MDC.getMDCAdapter());
        appender.setContext(context);
        appender.setName("rabbitmq");
        appender.setUri(uri);
        appender.setExchange(exchange);
        appender.setApplication(name);
        appender.setBufferSize(100_000);
        appender.setAppendTimeout(ch.qos.logback.core.util.Duration.buildBySeconds(120));
        appender.setReconnectDelay(ch.qos.logback.core.util.Duration.buildByMilliseconds(100));
        appender.setMaxReconnectDelay(ch.qos.logback.core.util.Duration.buildByMilliseconds(500));
        appender.setShutdownGracePeriod(ch.qos.logback.core.util.Duration.buildBySeconds(60));
        if (durable) {
            appender.setExchangeDurable(true);
            appender.setDeliveryMode(2);
        }
        configure.accept(appender);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("the appender did not start:\n" + statusText());
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        logger = context.getLogger("com.shop." + name);
    }

    /** Logs events {@code from..to}, each {@code "<name> <n>"}, timing the slowest log call. */
    public void log(long from, long to) {
        for (long n = from; n <= to; n++) {
            long start = System.nanoTime();
            logger.info("{} {}", name, n);
            slowestLogCallNanos = Math.max(slowestLogCallNanos, System.nanoTime() - start);
        }
    }

    /**
     * Logs events {@code from}, {@code from + 1}... while {@code more} accepts their number, at about
     * {@code perSecond} a second, as an application under steady load does; returns the last one logged.
     */
    long logAtRate(long from, int perSecond, LongPredicate more) {
        long start = System.nanoTime();
        long n = from;
        for (; more.test(n); n++) {
            long early = start + (n - from) * 1_000_000_000L / perSecond - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            log(n, n);
        }
        return n - 1;
    }

    long slowestLogCallMillis() {
        return slowestLogCallNanos / 1_000_000;
    }

    /** Everything the appender said through Logback status, for the tests that grep it. */
    String statusText() {
        StringBuilder text = new StringBuilder();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            text.append(status.getMessage()).append('\n');
            if (status.getThrowable() != null) {
                text.append(status.getThrowable()).append('\n');
            }
        }
        return text.toString();
    }

    /** Stops the context: the appender drains within its grace period. */
    @Override
    public void close() {
        context.stop();
    }
}
