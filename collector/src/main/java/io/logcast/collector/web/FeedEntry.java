package io.logcast.collector.web;

/**
 * One item of the feed, numbered in the order the daemon saw it, with its JSON (UTF-8) made once
 * and shared by every page and query that sends it.
 */
record FeedEntry(long id, FeedItem item, byte[] json) {

    boolean isEvent() {
        return item instanceof WebEvent;
    }
}
