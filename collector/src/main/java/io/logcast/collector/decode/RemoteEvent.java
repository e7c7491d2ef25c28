package io.logcast.collector.decode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;

import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event that happened in another process, rebuilt from what arrived over AMQP. Immutable; it
 * carries the remote application and host in its {@link LoggerContextVO} properties
 * ({@link #APP_PROPERTY}, {@link #HOST_PROPERTY}) so that patterns can print them.
 */
public final class RemoteEvent implements ILoggingEvent {

    /** Context property with the remote application name: {@code %property{logcast.app}} or {@code %app}. */
    public static final String APP_PROPERTY = "logcast.app";
    /** Context property with the remote host name: {@code %property{logcast.host}} or {@code %host}. */
    public static final String HOST_PROPERTY = "logcast.host";

    private final long timestamp;
    private final int nanoseconds;
    private final long sequenceNumber;
    private final Level level;
    private final String threadName;
    private final String loggerName;
    private final String message;
    private final Object[] arguments;
    private final String formattedMessage;
    private final Map<String, String> mdc;
    private final List<KeyValuePair> keyValuePairs;
    private final List<Marker> markers;
    private final IThrowableProxy throwable;
    private final StackTraceElement[] callerData;
    private final LoggerContextVO context;

    RemoteEvent(Builder b) {
        this.timestamp = b.timestamp;
        this.nanoseconds = b.nanoseconds;
        this.sequenceNumber = b.sequenceNumber;
        this.level = b.level;
        this.threadName = b.threadName;
        this.loggerName = b.loggerName;
        this.message = b.message;
        this.arguments = b.arguments;
        this.formattedMessage = b.formattedMessage == null ? b.message : b.formattedMessage;
        this.mdc = b.mdc.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.mdc));
        this.keyValuePairs = b.keyValuePairs == null ? null : List.copyOf(b.keyValuePairs);
        this.markers = b.markers == null ? null : List.copyOf(b.markers);
        this.throwable = b.throwable;
        this.callerData = b.callerData;
        this.context = new LoggerContextVO(b.contextName, Collections.unmodifiableMap(new LinkedHashMap<>(b.contextProperties)), b.contextBirthTime);
    }

    @Override
    public String getThreadName() {
        return threadName;
    }

    @Override
    public Level getLevel() {
        return level;
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public Object[] getArgumentArray() {
        return arguments;
    }

    @Override
    public String getFormattedMessage() {
        return formattedMessage;
    }

    @Override
    public String getLoggerName() {
        return loggerName;
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return context;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    /** Where the event was logged, when the message said it (Spring AMQP's {@code location}); else none. */
    @Override
    public StackTraceElement[] getCallerData() {
        return callerData == null ? new StackTraceElement[0] : callerData.clone();
    }

    @Override
    public boolean hasCallerData() {
        return callerData != null;
    }

    @Override
    public List<Marker> getMarkerList() {
        return markers;
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return mdc;
    }

    @Override
    public long getTimeStamp() {
        return timestamp;
    }

    @Override
    public int getNanoseconds() {
        return nanoseconds;
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return keyValuePairs;
    }

    /** Already immutable and complete. */
    @Override
    public void prepareForDeferredProcessing() {
    }

    @Override
    public String toString() {
        return "[" + level + "] " + loggerName + " - " + formattedMessage;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects the fields of one event; defaults make any partial input a valid event. */
    static final class Builder {
        long timestamp = System.currentTimeMillis();
        int nanoseconds = -1;
        long sequenceNumber;
        Level level = Level.INFO;
        String threadName = "-";
        String loggerName = EventDecoder.PLAIN_TEXT_LOGGER;
        String message = "";
        Object[] arguments;
        String formattedMessage;
        Map<String, String> mdc = Map.of();
        List<KeyValuePair> keyValuePairs;
        List<Marker> markers;
        IThrowableProxy throwable;
        StackTraceElement[] callerData;
        String contextName = "default";
        Map<String, String> contextProperties = new LinkedHashMap<>();
        long contextBirthTime;

        RemoteEvent build() {
            return new RemoteEvent(this);
        }
    }
}
