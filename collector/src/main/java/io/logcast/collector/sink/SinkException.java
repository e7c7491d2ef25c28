package io.logcast.collector.sink;

/** The sink cannot take events: an appender did not start or failed to write. */
public final class SinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }
}
