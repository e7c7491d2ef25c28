package io.logcast.appender;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;

/**
 * For unit tests: a {@link StatusReporter} for an appender named {@code unit}, whose messages land in
 * the status manager of a LoggerContext of their own, and events logged through that context.
 */
final class RecordedStatus {

    final LoggerContext context = new LoggerContext();
    final StatusReporter reporter;

    RecordedStatus() {
        context.setName("unit-app");
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ContextAwareBase owner = new ContextAwareBase();
        owner.setContext(context);
        reporter = new StatusReporter(owner, "unit");
    }

    /** The messages at {@code level} (Status.INFO, WARN, ERROR), prefix included, in order. */
    List<String> at(int level) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == level).map(Status::getMessage).collect(Collectors.toList());
    }

    List<String> warnings() {
        return at(Status.WARN);
    }

    /** An event of logger {@code app.orders} as Logback makes it, prepared for another thread. */
    LoggingEvent event(Level level, String message, Throwable thrown, Object... arguments) {
        Logger logger = context.getLogger("app.orders");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown,
                arguments.length == 0 ? null : arguments);
        event.prepareForDeferredProcessing();
        return event;
    }

    LoggingEvent event(String message) {
        return event(Level.INFO, message, null);
    }

    /** The appender's default encoder: Logback's JsonEncoder with the formatted message, started. */
    JsonEncoder json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true);
        json.setContext(context);
        json.start();
        return json;
    }

    /** A started PatternLayoutEncoder of {@code pattern}, naming no charset. */
    PatternLayoutEncoder pattern(String pattern) {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(pattern);
        text.start();
        return text;
    }
}
