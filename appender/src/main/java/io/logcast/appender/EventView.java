package io.logcast.appender;

import java.util.List;
import java.util.Map;

import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;

/**
 * An event as the encoder is to see it: the original, with its context properties masked, or its
 * message or stack trace cut. The original is never changed: other appenders see it whole.
 */
final class EventView implements ILoggingEvent {

    private final ILoggingEvent event;
    private final LoggerContextVO context;
    /** Replaces the formatted message and the raw one, whose arguments then go: they hold the same text. */
    private final String message;
    private final IThrowableProxy throwable;

    private EventView(ILoggingEvent event, LoggerContextVO context, String message, IThrowableProxy throwable) {
        this.event = event;
        this.context = context;
        this.message = message;
        this.throwable = throwable;
    }

    static EventView of(ILoggingEvent event) {
        return event instanceof EventView ? (EventView) event
                : new EventView(event, event.getLoggerContextVO(), null, event.getThrowableProxy());
    }

    EventView withContext(LoggerContextVO replaced) {
        return new EventView(event, replaced, message, throwable);
    }

    EventView withMessage(String replaced) {
        return new EventView(event, context, replaced, throwable);
    }

    EventView withThrowable(IThrowableProxy replaced) {
        return new EventView(event, context, message, replaced);
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return context;
    }

    @Override
    public String getMessage() {
        return message != null ? message : event.getMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return message != null ? null : event.getArgumentArray();
    }

    @Override
    public String getFormattedMessage() {
        return message != null ? message : event.getFormattedMessage();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @Deprecated
    public Map<String, String> getMdc() {
        return event.getMDCPropertyMap();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public java.time.Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public void prepareForDeferredProcessing() {
        // prepared on the caller's thread already
    }
}
