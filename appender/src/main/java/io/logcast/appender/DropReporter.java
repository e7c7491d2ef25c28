package io.logcast.appender;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * Counts events refused by a full buffer and says so twice: as a Logback status warning, at most
 * once per {@link #WARNING_INTERVAL_NANOS}, and as one WARN event in the stream itself when
 * delivery resumes, so that readers of the logs see the gap where it happened.
 */
final class DropReporter {

    static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;
    static final String REPORT_LOGGER = RabbitMQAppender.class.getName();

    private final Counters counters;
    private final StatusReporter status;
    private final String appenderName;
    private final int bufferSize;
    /** Publisher thread only: drops already reported in the stream (the rest is derived from the counter). */
    private long reported;
    private final AtomicLong nextWarningNanos = new AtomicLong(System.nanoTime());

    DropReporter(Counters counters, StatusReporter status, String appenderName, int bufferSize) {
        this.counters = counters;
        this.status = status;
        this.appenderName = appenderName;
        this.bufferSize = bufferSize;
    }

    /** Caller's thread: one event did not fit. */
    void dropped() {
        counters.dropped.increment();
        long now = System.nanoTime();
        long due = nextWarningNanos.get();
        if (now - due >= 0 && nextWarningNanos.compareAndSet(due, now + WARNING_INTERVAL_NANOS)) {
            status.warn("buffer full (" + bufferSize + " events), dropping events; "
                    + counters.dropped.sum() + " dropped so far. The broker is unreachable, blocked or slower than the application.");
        }
    }

    /** Publisher thread: the WARN event that reports the drops since the last report, or null when none. */
    LoggingEvent takeReport(LoggerContext loggerContext) {
        long total = counters.dropped.sum();
        long count = total - reported;
        if (count == 0) {
            return null;
        }
        reported = total;
        LoggingEvent report = new LoggingEvent();
        report.setLoggerName(REPORT_LOGGER);
        report.setLevel(Level.WARN);
        report.setThreadName(Thread.currentThread().getName());
        report.setTimeStamp(System.currentTimeMillis());
        report.setMessage(count + " events dropped by appender [" + appenderName + "] because its buffer (" + bufferSize
                + " events) was full; they were never sent");
        report.setLoggerContext(loggerContext);
        report.setLoggerContextRemoteView(loggerContext.getLoggerContextRemoteView());
        report.setMDCPropertyMap(Collections.emptyMap());
        return report;
    }
}
