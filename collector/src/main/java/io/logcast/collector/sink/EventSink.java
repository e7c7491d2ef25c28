package io.logcast.collector.sink;

import java.util.Optional;

import io.logcast.collector.decode.RemoteEvent;

/** Where a daemon's events go: a Logback context ({@link SinkContext}), or anything else that takes them. */
public interface EventSink extends AutoCloseable {

    /**
     * Takes one event, on the consuming thread.
     *
     * @throws SinkException when it could not be taken (a write failed): the message is not acknowledged
     */
    void append(RemoteEvent event);

    /**
     * Makes what was appended so far reach the operating system (the file, the terminal), on the
     * consuming thread, before the messages that carried it are acknowledged.
     *
     * @throws SinkException when it could not be written: the messages are not acknowledged
     */
    default void flush() {
    }

    /** The one file every event goes to, and how it is rendered there (what a journal compares); empty for other sinks. */
    default Optional<WrittenFile> writtenFile() {
        return Optional.empty();
    }

    /** Flushes and releases what the sink holds. */
    @Override
    void close();
}
