package io.logcast.collector.web;

import io.logcast.collector.account.Gap;

/**
 * A line between events that says events may be missing there: the daemon reconnected to the broker,
 * a producer's seqs jumped (a gap), or this page fell behind or was away.
 *
 * @param kind  {@code reconnected}, {@code gap}, {@code dropped} (this page's own queue overflowed),
 *              {@code missed} (a reconnecting page asked for events older than the daemon keeps) or
 *              {@code restarted} (the daemon restarted while the page was away)
 * @param count the number of events concerned, 0 when unknown
 */
record Marker(String kind, long time, String text, long count) implements FeedItem {

    static Marker reconnected(long time, String lossReason) {
        return new Marker("reconnected", time, "the daemon reconnected to the broker after the connection was lost ("
                + WebEvent.limit(lossReason, WebEvent.MAX_FIELD) + "); events published meanwhile may be missing here", 0);
    }

    static Marker gap(long time, Gap gap) {
        Gap shown = new Gap(WebEvent.limit(gap.producer(), WebEvent.MAX_FIELD),
                gap.app() == null ? null : WebEvent.limit(gap.app(), WebEvent.MAX_FIELD), gap.from(), gap.to());
        return new Marker("gap", time, shown.describe(), gap.count());
    }

    static Marker dropped(long time, long count) {
        return new Marker("dropped", time, count + (count == 1 ? " event" : " events")
                + " not sent to this page: it did not keep up (a busy or background tab)", count);
    }

    static Marker missed(long time, long count) {
        return new Marker("missed", time, count + (count == 1 ? " event" : " events")
                + " while this page was away are no longer kept by the daemon (--recent)", count);
    }

    static Marker restarted(long time) {
        return new Marker("restarted", time, "the web daemon restarted while this page was away; events meanwhile may be missing", 0);
    }
}
