package io.logcast.collector.web;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.logcast.collector.stream.StartPoint;
import io.logcast.collector.stream.StreamWindow;

/**
 * History from a RabbitMQ stream ({@code web --stream NAME}): a query with {@code from} reads the
 * stream from that time ({@link StreamWindow}) and returns the first {@code limit} items it selects,
 * oldest first, each numbered by its stream offset + 1, so that {@code after} (that number) reads on
 * after it. {@code complete} is true when the stream had no more when asked. A query without
 * {@code from} is the recent buffer's, as without a stream.
 */
final class StreamHistory implements History {

    /** The broker cannot be read now: the API says so (503) rather than answer with nothing. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final StreamWindow window;
    private final History recent;

    StreamHistory(StreamWindow window, History recent) {
        this.window = window;
        this.recent = recent;
    }

    @Override
    public Found find(EventQuery query) {
        if (query.from() <= 0 && query.after() <= 0) {
            return recent.find(query);
        }
        // "after" numbers an item of this history: its stream offset + 1
        StartPoint start = query.after() > 0 ? StartPoint.offset(query.after()) : StartPoint.at(Instant.ofEpochMilli(query.from()));
        List<FeedEntry> found = new ArrayList<>();
        boolean complete;
        try {
            complete = window.read(start, (offset, event) -> {
                WebEvent item = WebEvent.of(event);
                FeedEntry entry = new FeedEntry(offset + 1, item, FeedJson.of(offset + 1, item));
                if (query.matches(entry)) {
                    found.add(entry);
                }
                return found.size() < query.limit();
            });
        } catch (IOException e) {
            throw new Unavailable("cannot read stream '" + window.stream() + "' now (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reading stream '" + window.stream() + "'", e);
        }
        return new Found(window.stream(), complete, List.copyOf(found));
    }

    @Override
    public int maxResults() {
        return recent.maxResults();
    }
}
