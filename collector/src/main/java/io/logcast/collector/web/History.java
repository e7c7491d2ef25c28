package io.logcast.collector.web;

import java.util.List;

/**
 * Where {@code GET /api/events} finds earlier items. The recent buffer is one; a RabbitMQ stream,
 * read from an offset found by time, is the other kind this seam is for.
 */
interface History {

    /** The items the query selects, oldest first, at most {@link EventQuery#limit()} (the newest). */
    Found find(EventQuery query);

    /**
     * @param source   where they came from ({@code recent})
     * @param complete false when items the query asked for are no longer kept (older than the history reaches)
     */
    record Found(String source, boolean complete, List<FeedEntry> entries) {
    }
}
