package io.logcast.collector.sink;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * The console printer's sink: an appender on stdout whose {@link TerminalSafeEncoder} escapes event
 * content, with {@code %highlight} colours by level. Events are buffered and written out when the
 * pipeline flushes the sink, before each acknowledgement (so within 100 ms when the stream is quiet):
 * one write for many events rather than one each.
 */
public final class ConsoleSink {

    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    /** Time, level (coloured), application, thread, logger, message, MDC; Logback appends the stack trace. */
    public static final String DEFAULT_PATTERN =
            "%d{HH:mm:ss.SSS} %highlight(%-5level) %cyan(%app) [%thread] %logger{36} - %msg%replace( {%mdc}){' \\{\\}', ''}%n";

    private boolean colour;
    private Level level = Level.TRACE;
    private List<String> loggerPrefixes = List.of();
    private String application;
    private Pattern grep;
    private String pattern = DEFAULT_PATTERN;
    /** Standard output, for the events and the reconnection marker in their order; the appender's stop flushes it, never closes it. */
    private final OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), WRITE_BUFFER_BYTES) {
        @Override
        public void close() throws IOException {
            flush();
        }
    };

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

    /** Show only events whose message contains a match of this; default: all. */
    public ConsoleSink grep(Pattern grep) {
        this.grep = grep;
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
        printMarker("reconnected after the connection was lost (" + TerminalText.escape(lossReason) + "); events may have been missed here");
    }

    /** Prints one line that stands out on stdout between a stream's history and the live events that follow. */
    public void printHistoryMarker(String stream, long lastOffset) {
        printMarker("end of the history of stream '" + TerminalText.escape(stream) + "' (offset " + lastOffset + "); live events follow");
    }

    private void printMarker(String text) {
        String line = "----- " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + " logcast: " + text + " -----";
        String marked = (colour ? "\u001b[1;7m" + line + "\u001b[0m" : line) + System.lineSeparator();
        try {
            stdout.write(marked.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        } catch (IOException e) {
            // stdout is gone: the events written there are lost the same way
        }
    }

    /** Starts the appender; @throws SinkException when the pattern is unusable. */
    public SinkContext start() {
        LoggerContext context = SinkContext.newLoggerContext("logcast-console", colour);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);

        TerminalSafeEncoder encoder = new TerminalSafeEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false);
        appender.setOutputStream(stdout);
        if (!loggerPrefixes.isEmpty()) {
            appender.addFilter(EventFilters.loggerPrefixes(loggerPrefixes));
        }
        if (application != null) {
            appender.addFilter(EventFilters.application(application));
        }
        if (grep != null) {
            appender.addFilter(EventFilters.messageMatches(grep));
        }
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return SinkContext.started(context);
    }
}
