package io.logcast.appender;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.logcast.test.TcpProxy;

/**
 * An application's logging in miniature: its own LoggerContext whose root logger (DEBUG) writes to
 * one RabbitMQAppender, configured as logback.xml would. Closing stops the context, as an
 * application's shutdown does.
 */
final class LoggingFixture implements AutoCloseable {

    final LoggerContext context;
    final RabbitMQAppender appender;
    final Logger logger;

    private LoggingFixture(LoggerContext context, RabbitMQAppender appender) {
        this.context = context;
        this.appender = appender;
        this.logger = context.getLogger("app.orders");
    }

    /** A started appender named {@code name}, configured by {@code configure}, on a fresh context. */
    static LoggingFixture start(String name, Consumer<RabbitMQAppender> configure) {
        LoggerContext context = new LoggerContext();
        context.setName("app-" + name);
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter()); // the one SLF4J's MDC class writes to
        RabbitMQAppender appender = new RabbitMQAppender();
        appender.setContext(context);
        appender.setName(name);
        appender.setReconnectDelay(ch.qos.logback.core.util.Duration.buildByMilliseconds(100));
        appender.setMaxReconnectDelay(ch.qos.logback.core.util.Duration.buildByMilliseconds(500));
        configure.accept(appender);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
        return new LoggingFixture(context, appender);
    }

    /** A started appender publishing to {@code exchange} on the broker at {@code uri}, further configured by {@code configure}. */
    static LoggingFixture start(String name, String uri, String exchange, Consumer<RabbitMQAppender> configure) {
        return start(name, a -> {
            a.setUri(uri);
            a.setExchange(exchange);
            configure.accept(a);
        });
    }

    /**
     * Logs INFO {@code "event 0"} .. {@code "event <events - 1>"} in {@code cuts + 1} chunks, cutting
     * every connection through {@code proxy} after each chunk but the last, while that chunk is still
     * being published and confirmed, and waiting for the appender to reconnect.
     */
    void logWhileCutting(TcpProxy proxy, int events, int cuts) {
        int chunk = events / (cuts + 1);
        for (int c = 0; c <= cuts; c++) {
            for (int i = c * chunk; i < (c + 1) * chunk; i++) {
                logger.info("event {}", i);
            }
            if (c < cuts) {
                int reconnects = c + 1;
                await().atMost(Duration.ofSeconds(20)).until(() -> appender.getPublishedCount() > 0 && proxy.openConnections() > 0);
                proxy.cut();
                await().atMost(Duration.ofSeconds(20)).until(() -> appender.getReconnectCount() >= reconnects);
            }
        }
    }

    /**
     * Waits until the appender made {@code attempts} failed connection attempts: the first is said
     * as a warning or an error, each further one of the same kind as an INFO line that numbers it.
     */
    void awaitConnectionAttempts(int attempts) {
        String said = "RabbitMQAppender [" + appender.getName() + "]: connection attempt " + attempts + " failed (";
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(Status.INFO).stream().anyMatch(s -> s.startsWith(said)));
    }

    /** The appender's status messages at {@code level} (Status.INFO, WARN, ERROR). */
    List<String> statuses(int level) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == level)
                .map(Status::getMessage)
                .collect(Collectors.toList());
    }

    List<String> errors() {
        return statuses(Status.ERROR);
    }

    List<String> warnings() {
        return statuses(Status.WARN);
    }

    @Override
    public void close() {
        context.stop();
        // Warnings and errors on the test output: the first thing to read when a test fails.
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() >= Status.WARN) {
                System.out.println("[status " + appender.getName() + "] " + status.getMessage()
                        + (status.getThrowable() == null ? "" : " " + status.getThrowable()));
            }
        }
    }
}
