package io.logcast.collector.daemon;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import io.logcast.collector.sink.TerminalText;

/**
 * The daemon's own diagnostics and amqp-client's (SLF4J's default context): WARN and above on stderr,
 * never into a sink, one line each (an exception is its class and message, not its stack trace). Found by Logback through {@code META-INF/services} before it looks for a
 * configuration file: set up in code, it costs no XML parsing at start-up. A {@code
 * -Dlogback.configurationFile} still wins, as Logback documents it.
 */
public final class DiagnosticsConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "logcast-collector: %level %logger - %msg%cause%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Map<String, Supplier<DynamicConverter>> rules = new HashMap<>();
        rules.put("cause", Cause::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        // whatever the platform's locale
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        // it logs a failed TLS handshake as an ERROR; the daemon's own "cannot connect" line already says why
        context.getLogger("com.rabbitmq.client.impl.SocketFrameHandler").setLevel(Level.OFF);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code %cause}: the event's exception as {@code " (class: message)"}, escaped for a terminal, or nothing. */
    static final class Cause extends ThrowableHandlingConverter {
        @Override
        public String convert(ILoggingEvent event) {
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown == null) {
                return "";
            }
            String message = thrown.getMessage();
            return " (" + TerminalText.escape(thrown.getClassName() + (message == null ? "" : ": " + message)) + ")";
        }
    }
}
