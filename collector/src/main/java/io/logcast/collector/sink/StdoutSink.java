package io.logcast.collector.sink;

import java.util.Optional;

import io.logcast.collector.decode.RemoteEvent;

/**
 * A sink that prints on stdout, watched: once stdout is closed ({@code | head -1} had its line, the
 * reader of a pipe went away), it throws {@link OutputClosedException} and the daemon ends, exit 0.
 * The JVM ignores SIGPIPE, so a write to a closed pipe fails with EPIPE ("Broken pipe"): the console's
 * own stream reports it when it writes out ({@link #flush()}), and {@code System.out}, which a
 * {@code --config} console appender writes to, swallows it and is asked.
 */
public final class StdoutSink implements EventSink {

    /** EPIPE as the JDK says it on Linux and macOS. */
    private static final String BROKEN_PIPE = "Broken pipe";

    private final EventSink sink;

    public StdoutSink(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void append(RemoteEvent event) {
        try {
            sink.append(event);
        } catch (SinkException e) {
            throw closedOr(e);
        }
        if (System.out.checkError()) {
            throw new OutputClosedException();
        }
    }

    @Override
    public void flush() {
        try {
            sink.flush();
        } catch (SinkException e) {
            throw closedOr(e);
        }
    }

    private static RuntimeException closedOr(SinkException e) {
        return e.getMessage() != null && e.getMessage().contains(BROKEN_PIPE) ? new OutputClosedException() : e;
    }

    @Override
    public Optional<WrittenFile> writtenFile() {
        return sink.writtenFile();
    }

    @Override
    public void close() {
        sink.close();
    }
}
