package io.logcast.collector.sink;

import java.util.Optional;

import io.logcast.collector.decode.RemoteEvent;

/**
 * A sink that prints on stdout, watched: once stdout is closed ({@code | head -1} had its line, the
 * reader of a pipe went away), taking an event throws {@link OutputClosedException} and the daemon
 * ends, exit 0. The JVM ignores SIGPIPE and {@code System.out} swallows the write error, so it is asked.
 */
public final class StdoutSink implements EventSink {

    private final EventSink sink;

    public StdoutSink(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void append(RemoteEvent event) {
        sink.append(event);
        if (System.out.checkError()) {
            throw new OutputClosedException();
        }
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
