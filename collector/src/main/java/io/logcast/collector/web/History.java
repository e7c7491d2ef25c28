package io.logcast.collector.web;

import java.util.List;

/**
 * Where {@code GET /api/events} finds earlier items: the one seam for history. The recent buffer
 * ({@link EventHub}, {@code --recent} items in memory) is one; a RabbitMQ stream read from an offset
 * found by time ({@code --stream}) is the other kind it is for. {@link WebRoutes} reads whichever it is
 * given; the page and the API do not change.
 *
 * <p>Called on the HTTP server's threads, concurrently: an implementation is thread-safe.
 */
interface History {

    /** The items the query selects, oldest first, at most {@link EventQuery#limit()} (the newest). */
    Found find(EventQuery query);

    /** The most items one {@link #find} returns: the default and the maximum of {@code limit}. */
    int maxResults();

    /**
     * @param source   where they came from: {@code recent} (the buffer), or a stream's name
     * @param complete false when items the query asked for are no longer kept (older than the history reaches)
     * @param entries  numbered as the live feed numbers them (a page polls with {@code after}); markers included
     */
    record Found(String source, boolean complete, List<FeedEntry> entries) {
    }
}
