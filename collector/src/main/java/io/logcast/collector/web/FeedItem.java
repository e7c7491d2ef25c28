package io.logcast.collector.web;

/** What the page shows, one line each: a log event or a marker between events. */
sealed interface FeedItem permits WebEvent, Marker {

    /** When it happened (an event's own time; a marker's time of detection), epoch milliseconds. */
    long time();
}
