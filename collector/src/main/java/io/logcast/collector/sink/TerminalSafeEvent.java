package io.logcast.collector.sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** A view of an event whose every text field went through {@link TerminalText#escape(String)}. */
final class TerminalSafeEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    // a pattern may ask for these several times (%app and %host both read the context): escaped once
    private LoggerContextVO context;
    private Map<String, String> mdc;

    TerminalSafeEvent(ILoggingEvent event) {
        this.event = event;
    }

    @Override
    public String getThreadName() {
        return TerminalText.escape(event.getThreadName());
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return TerminalText.escape(event.getMessage());
    }

    /** Arguments are already in the formatted message; a pattern never sees them raw. */
    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public String getFormattedMessage() {
        return TerminalText.escape(event.getFormattedMessage());
    }

    @Override
    public String getLoggerName() {
        return TerminalText.escape(event.getLoggerName());
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        LoggerContextVO original = event.getLoggerContextVO();
        if (context == null && original != null) {
            context = new LoggerContextVO(TerminalText.escape(original.getName()), escape(original.getPropertyMap()), original.getBirthTime());
        }
        return context;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return event.getThrowableProxy() == null ? null : new SafeThrowable(event.getThrowableProxy());
    }

    @Override
    public StackTraceElement[] getCallerData() {
        StackTraceElement[] frames = event.getCallerData();
        if (frames == null) {
            return null;
        }
        StackTraceElement[] safe = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            safe[i] = escape(frames[i]);
        }
        return safe;
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        List<Marker> markers = event.getMarkerList();
        return markers == null ? null : markers.stream()
                .map(marker -> MarkerFactory.getDetachedMarker(TerminalText.escape(marker.getName())))
                .toList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        if (mdc == null) {
            mdc = escape(event.getMDCPropertyMap());
        }
        return mdc;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
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
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        return pairs == null ? null : pairs.stream()
                .map(pair -> new KeyValuePair(TerminalText.escape(pair.key), TerminalText.escape(String.valueOf(pair.value))))
                .toList();
    }

    @Override
    public void prepareForDeferredProcessing() {
    }

    private static StackTraceElement escape(StackTraceElement frame) {
        return new StackTraceElement(TerminalText.escape(frame.getClassName()), TerminalText.escape(frame.getMethodName()),
                TerminalText.escape(frame.getFileName()), frame.getLineNumber());
    }

    private static Map<String, String> escape(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return map;
        }
        Map<String, String> safe = new LinkedHashMap<>();
        map.forEach((key, value) -> safe.put(TerminalText.escape(key), TerminalText.escape(value)));
        return safe;
    }

    /** An exception whose class name, message and frames are escaped, all the way down the chain. */
    private static final class SafeThrowable implements IThrowableProxy {
        private final IThrowableProxy throwable;

        SafeThrowable(IThrowableProxy throwable) {
            this.throwable = throwable;
        }

        @Override
        public String getMessage() {
            return TerminalText.escape(throwable.getMessage());
        }

        @Override
        public String getClassName() {
            return TerminalText.escape(throwable.getClassName());
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            StackTraceElementProxy[] frames = throwable.getStackTraceElementProxyArray();
            StackTraceElementProxy[] safe = new StackTraceElementProxy[frames.length];
            for (int i = 0; i < frames.length; i++) {
                safe[i] = new StackTraceElementProxy(escape(frames[i].getStackTraceElement()));
            }
            return safe;
        }

        @Override
        public int getCommonFrames() {
            return throwable.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return throwable.getCause() == null ? null : new SafeThrowable(throwable.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = throwable.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] safe = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                safe[i] = new SafeThrowable(suppressed[i]);
            }
            return safe;
        }

        @Override
        public boolean isCyclic() {
            return throwable.isCyclic();
        }
    }
}
