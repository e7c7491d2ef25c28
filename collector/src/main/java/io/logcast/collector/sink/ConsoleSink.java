package io.logcast.collector.sink;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * The console printer's sink: a {@link ConsoleAppender} on stdout whose {@link TerminalSafeEncoder}
 * escapes event content, with {@code %highlight} colours by level.
 */
public final class ConsoleSink {

    /** Time, level (coloured), application, thread, logger, message, MDC; Logback appends the stack trace. */
    public static final String DEFAULT_PATTERN =
            "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%app) [%thread] %logger{36} - %msg%replace( {%mdc}){' \\{\\}', ''}%n";

    private boolean colour;
    private Level level = Level.TRACE;
    private List<String> loggerPrefixes = List.of();
    private String application;
    private String pattern = DEFAULT_PATTERN;

    /** Whether the colour words of the pattern emit escape codes; default false. */
    public ConsoleSink colour(boolean colour) {
        this.colour = colour;
        return this;
    }

    /** The minimum level shown; default TRACE (everything). */
    public ConsoleSink level(Level level) {
        this.level = level;
        return this;
    }

    /** Show only loggers whose name starts with one of these; default: all. */
    public ConsoleSink loggerPrefixes(List<String> loggerPrefixes) {
        this.loggerPrefixes = List.copyOf(loggerPrefixes);
        return this;
    }

    /** Show only this remote application; default: all. */
    public ConsoleSink application(String application) {
        this.application = application;
        return this;
    }

    /** The Logback pattern; default {@link #DEFAULT_PATTERN}. */
    public ConsoleSink pattern(String pattern) {
        this.pattern = pattern;
        return this;
    }

    /**
     * Prints one line that stands out on stdout, where events published while the connection was lost
     * may be missing (with a {@code --config}, too: the line is not an event).
     */
    public void printReconnectionMarker(String lossReason) {
        String line = "----- " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"))
                + " logcast: reconnected after the connection was lost (" + TerminalText.escape(lossReason)
                + "); events may have been missed here -----";
        System.out.println(colour ? "\u001b[1;7m" + line + "\u001b[0m" : line);
        System.out.flush();
    }

    /** Starts the appender; @throws SinkException when the pattern is unusable. */
    public SinkContext start() {
        LoggerContext context = SinkContext.newLoggerContext("logcast-console", colour);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);

        TerminalSafeEncoder encoder = new TerminalSafeEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder);
        if (!loggerPrefixes.isEmpty()) {
            appender.addFilter(EventFilters.loggerPrefixes(loggerPrefixes));
        }
        if (application != null) {
            appender.addFilter(EventFilters.application(application));
        }
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return SinkContext.started(context);
    }
}
