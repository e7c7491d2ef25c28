package io.logcast.collector.decode;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * An exception of another process, rebuilt from its JSON form so that Logback's {@code %ex} prints
 * the same trace the application would have printed: causes, suppressed, frames, "common frames
 * omitted".
 */
final class RemoteThrowable implements IThrowableProxy {

    private final String className;
    private final String message;
    private final StackTraceElementProxy[] frames;
    private final int commonFrames;
    private IThrowableProxy cause;
    private IThrowableProxy[] suppressed = new IThrowableProxy[0];

    RemoteThrowable(String className, String message, StackTraceElementProxy[] frames, int commonFrames) {
        this.className = className;
        this.message = message;
        this.frames = frames;
        this.commonFrames = commonFrames;
    }

    void setCause(IThrowableProxy cause) {
        this.cause = cause;
    }

    void setSuppressed(IThrowableProxy[] suppressed) {
        this.suppressed = suppressed;
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public String getClassName() {
        return className;
    }

    /** All frames, the common ones included (they are shared with the enclosing exception). */
    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return frames;
    }

    @Override
    public int getCommonFrames() {
        return commonFrames;
    }

    @Override
    public IThrowableProxy getCause() {
        return cause;
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        return suppressed;
    }

    /** A JSON tree cannot be cyclic. */
    @Override
    public boolean isCyclic() {
        return false;
    }
}
