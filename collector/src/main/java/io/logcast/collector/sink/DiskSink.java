package io.logcast.collector.sink;

import java.io.File;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * The disk writer's sink: a {@link RollingFileAppender} with a {@link SizeAndTimeBasedRollingPolicy}
 * that rolls daily and by size into {@code <name>.%d{yyyy-MM-dd}.%i.log.gz}. Events are buffered and
 * written out when the pipeline flushes the sink, before each acknowledgement. Text is UTF-8, with event
 * content escaped as on the console ({@link TerminalSafeEncoder}): whoever runs {@code tail -f} or
 * {@code less -R} on the file gets no escape sequence from an event. JSON is lossless and escaped
 * ({@link JsonLinesEncoder}).
 */
public final class DiskSink {

    /** Time, level, application, host, thread, logger, message, MDC; Logback appends the full stack trace. */
    public static final String DEFAULT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %app %host [%thread] %logger - %msg%replace( {%mdc}){' \\{\\}', ''}%n";

    /** How events are written. */
    public enum Format {
        /** The pattern, readable. */
        TEXT,
        /** One JSON object per line with Logback JsonEncoder's field names, lossless ({@link JsonLinesEncoder}). */
        JSON
    }

    /** Holds the events of one acknowledgement (by default 125 messages) in one buffer, so they go out in one write. */
    static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private File file = new File("logs/logcast.log");
    private FileSize maxFileSize = FileSize.valueOf("100MB");
    private int maxHistory = 30;
    private FileSize totalSizeCap = FileSize.valueOf("10GB");
    private Format format = Format.TEXT;
    private String pattern = DEFAULT_PATTERN;

    /** The active log file; default {@code logs/logcast.log}. */
    public DiskSink file(File file) {
        this.file = file;
        return this;
    }

    /** The size at which the active file rolls; default 100 MB. */
    public DiskSink maxFileSize(FileSize maxFileSize) {
        this.maxFileSize = maxFileSize;
        return this;
    }

    /** How many days of rolled files are kept; default 30. */
    public DiskSink maxHistory(int maxHistory) {
        this.maxHistory = maxHistory;
        return this;
    }

    /** The total size of rolled files above which the oldest are deleted; default 10 GB. */
    public DiskSink totalSizeCap(FileSize totalSizeCap) {
        this.totalSizeCap = totalSizeCap;
        return this;
    }

    /** Text (default) or JSON lines. */
    public DiskSink format(Format format) {
        this.format = format;
        return this;
    }

    /** The Logback pattern of the text format; default {@link #DEFAULT_PATTERN}. */
    public DiskSink pattern(String pattern) {
        this.pattern = pattern;
        return this;
    }

    /**
     * Starts the appender.
     *
     * @throws SinkException when the file cannot be written or an option is unusable
     */
    public SinkContext start() {
        LoggerContext context = SinkContext.newLoggerContext("logcast-disk", false);

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("disk");
        appender.setFile(file.getPath());
        // one write per acknowledgement rather than one per event: the pipeline flushes before each ack
        appender.setImmediateFlush(false);
        appender.setBufferSize(new FileSize(WRITE_BUFFER_BYTES));

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(rolledName(file.getPath()));
        policy.setMaxFileSize(maxFileSize);
        policy.setMaxHistory(maxHistory);
        policy.setTotalSizeCap(totalSizeCap);
        policy.start();

        Encoder<ILoggingEvent> encoder = encoder(context);
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return SinkContext.started(context, new WrittenFile(file.toPath(), encoder));
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context) {
        if (format == Format.JSON) {
            JsonLinesEncoder json = new JsonLinesEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        TerminalSafeEncoder text = new TerminalSafeEncoder();
        text.setContext(context);
        text.setPattern(pattern);
        text.start();
        return text;
    }

    /** {@code logs/logcast.log} rolls into {@code logs/logcast.%d{yyyy-MM-dd}.%i.log.gz}. */
    static String rolledName(String path) {
        String base = path.endsWith(".log") ? path.substring(0, path.length() - 4) : path;
        return base + ".%d{yyyy-MM-dd}.%i.log.gz";
    }
}
