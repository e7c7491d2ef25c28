package io.logcast.collector.web;

import java.util.List;
import java.util.Map;

/** Feed entries made up for the unit tests. */
final class FeedEntries {

    private FeedEntries() {
    }

    static WebEvent event(long time, String level, String app, String logger, String message) {
        return new WebEvent(time, level, app, "host-1", "main", logger, message, Map.of(), Map.of(), List.of(), null);
    }

    static FeedEntry entry(long id, FeedItem item) {
        return new FeedEntry(id, item, FeedJson.of(id, item));
    }

    static FeedEntry entry(long id, long time, String level) {
        return entry(id, event(time, level, "shop", "com.shop.Orders", "event " + id));
    }
}
