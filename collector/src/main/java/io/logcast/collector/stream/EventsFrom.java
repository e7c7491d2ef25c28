package io.logcast.collector.stream;

import java.util.Optional;

import io.logcast.collector.decode.RemoteEvent;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.WrittenFile;

/**
 * A sink that takes only the events at or after a time ({@code --from} a time): the broker attaches to
 * a stream at a chunk written at or after it, so the chunk, and the reader's clock margin, bring
 * earlier events along.
 */
public final class EventsFrom implements EventSink {

    private final EventSink sink;
    private final long notBeforeMillis;

    public EventsFrom(EventSink sink, StartPoint start) {
        this.sink = sink;
        this.notBeforeMillis = start.notBeforeMillis();
    }

    @Override
    public void append(RemoteEvent event) {
        if (event.getTimeStamp() >= notBeforeMillis) {
            sink.append(event);
        }
    }

    @Override
    public void flush() {
        sink.flush();
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
