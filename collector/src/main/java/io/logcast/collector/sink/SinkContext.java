package io.logcast.collector.sink;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.status.Status;

import io.logcast.collector.decode.RemoteEvent;

/**
 * The local Logback context remote events are re-logged into, as Logback's own {@code SocketReceiver}
 * does: its appenders decide where events go and how they look. It is not the collector's own
 * logging context; the collector's diagnostics never reach it.
 *
 * <p>Besides Logback's conversion words, patterns may use {@code %app} and {@code %host} (the remote
 * application and host). When colour is off, the colour words ({@code %highlight}, {@code %red}...)
 * print their content without escape codes.
 */
public final class SinkContext implements EventSink {

    private static final String[] COLOUR_WORDS = {"highlight", "black", "red", "green", "yellow", "blue",
        "magenta", "cyan", "white", "gray", "boldRed", "boldGreen", "boldYellow", "boldBlue", "boldMagenta",
        "boldCyan", "boldWhite"};

    private final LoggerContext context;
    private final WrittenFile writtenFile;
    /** The appenders that write a stream: those that buffer ({@code immediateFlush} false) are flushed before each acknowledgement. */
    private final List<OutputStreamAppender<ILoggingEvent>> streams = new ArrayList<>();
    private volatile String failure;

    private SinkContext(LoggerContext context, WrittenFile writtenFile) {
        this.context = context;
        this.writtenFile = writtenFile;
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream && !stream.isImmediateFlush()) {
                    streams.add(stream);
                }
            }
        }
        context.getStatusManager().add(status -> {
            if (status.getLevel() == Status.ERROR && failure == null) {
                failure = describe(status);
            }
        });
    }

    /** A fresh, unconfigured context whose patterns know {@code %app}, {@code %host} and, unless {@code colour}, plain colour words. */
    static LoggerContext newLoggerContext(String name, boolean colour) {
        LoggerContext context = new LoggerContext();
        context.setName(name);
        Map<String, Supplier<DynamicConverter>> rules = new HashMap<>();
        rules.put("app", RemoteOriginConverter.Application::new);
        rules.put("host", RemoteOriginConverter.Host::new);
        if (!colour) {
            for (String word : COLOUR_WORDS) {
                rules.put(word, PlainTextConverter::new);
            }
        }
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);
        return context;
    }

    /**
     * Wraps a context whose appenders were attached by the caller and started.
     *
     * @throws SinkException when an appender did not start (an unwritable file, a bad pattern)
     */
    static SinkContext started(LoggerContext context) {
        return started(context, null);
    }

    /** As {@link #started(LoggerContext)}, for a sink that writes every event to one file as {@code writtenFile} says. */
    static SinkContext started(LoggerContext context, WrittenFile writtenFile) {
        SinkContext sink = new SinkContext(context, writtenFile);
        sink.context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == Status.ERROR)
                .findFirst()
                .ifPresent(status -> sink.failure = describe(status));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (!appender.isStarted() && sink.failure == null) {
                sink.failure = "appender " + appender.getName() + " did not start";
            }
        }
        if (sink.failure != null) {
            context.stop();
            throw new SinkException(sink.failure);
        }
        return sink;
    }

    /** A sink configured by the user's own Logback configuration file instead of the options. */
    public static SinkContext fromConfiguration(File file, String name, boolean colour) {
        if (!file.canRead()) {
            throw new SinkException("cannot read the Logback configuration " + file);
        }
        LoggerContext context = newLoggerContext(name, colour);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(file);
        } catch (JoranException e) {
            // the status list carries the reason
        }
        return started(context);
    }

    /**
     * Hands one event to the appenders of its logger, as {@code SocketReceiver} does: the logger's
     * effective level applies, then the appenders' filters.
     *
     * @throws SinkException when an appender failed (for example a write error): the event may not be written
     */
    @Override
    public void append(RemoteEvent event) {
        Logger logger;
        try {
            logger = context.getLogger(event.getLoggerName());
        } catch (RuntimeException unusableName) {
            logger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        }
        if (logger.isEnabledFor(event.getLevel())) {
            logger.callAppenders(event);
        }
        if (failure != null) {
            throw new SinkException(failure);
        }
    }

    /**
     * Writes out what the buffering appenders hold. An appender's stream reports a failed write as an
     * error status rather than throwing, and the status makes this throw.
     */
    @Override
    public void flush() {
        for (OutputStreamAppender<ILoggingEvent> stream : streams) {
            OutputStream out = stream.getOutputStream();
            if (out != null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new SinkException(e.getMessage());
                }
            }
        }
        if (failure != null) {
            throw new SinkException(failure);
        }
    }

    @Override
    public Optional<WrittenFile> writtenFile() {
        return Optional.ofNullable(writtenFile);
    }

    /** Flushes and closes every appender (and waits for pending compression). */
    @Override
    public void close() {
        context.stop();
    }

    private static String describe(Status status) {
        Throwable cause = status.getThrowable();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // The cause says it best ("/var/log/x.log (Permission denied)", "File too large").
        return cause == null || cause.getMessage() == null ? status.getMessage() : cause.getMessage();
    }
}
