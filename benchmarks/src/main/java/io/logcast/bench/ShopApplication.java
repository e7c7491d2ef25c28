package io.logcast.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;

import io.logcast.appender.RabbitMQAppender;

/**
 * The application whose logging is measured: a Logback context of its own (never the global one,
 * which the client libraries log into), named {@code shop}, root at INFO.
 */
final class ShopApplication {

    private ShopApplication() {
    }

    /** A started context, with the MDC adapter the SLF4J provider gives the global context. */
    static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        return context;
    }

    /** logcast's appender, named {@code logcast}, for {@code exchange} at {@code uri}; not started. */
    static RabbitMQAppender logcastAppender(LoggerContext context, String uri, String exchange) {
        RabbitMQAppender appender = new RabbitMQAppender();
        appender.setContext(context);
        appender.setName("logcast");
        appender.setUri(uri);
        appender.setExchange(exchange);
        return appender;
    }

    /** Starts {@code appender} and attaches it to the root logger; fails when it does not start. */
    static void attach(LoggerContext context, Appender<ILoggingEvent> appender) {
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException(appender.getName() + " did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** The logger of {@link TypicalEvent}. */
    static Logger logger(LoggerContext context) {
        return context.getLogger(TypicalEvent.LOGGER);
    }
}
