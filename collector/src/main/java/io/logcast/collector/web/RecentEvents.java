package io.logcast.collector.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last N feed items, in order: a ring that forgets the oldest. Not thread-safe (its owner locks). */
final class RecentEvents {

    private final FeedEntry[] ring;
    private int next;
    private int size;
    private long newestForgottenId;
    private long newestForgottenTime = Long.MIN_VALUE;

    RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        ring = new FeedEntry[capacity];
    }

    void add(FeedEntry entry) {
        if (size == ring.length) {
            FeedEntry oldest = ring[next];
            newestForgottenId = oldest.id();
            newestForgottenTime = Math.max(newestForgottenTime, oldest.item().time());
        } else {
            size++;
        }
        ring[next] = entry;
        next = (next + 1) % ring.length;
    }

    int size() {
        return size;
    }

    /** The id of the oldest item kept, 0 when none is. */
    long oldestId() {
        return size == 0 ? 0 : get(0).id();
    }

    /** The items numbered after {@code id}, oldest first. */
    List<FeedEntry> after(long id) {
        List<FeedEntry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            FeedEntry entry = get(i);
            if (entry.id() > id) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The newest items the query selects, oldest first; incomplete when the query reaches back to a forgotten item. */
    History.Found find(EventQuery query) {
        Deque<FeedEntry> found = new ArrayDeque<>();
        for (int i = size - 1; i >= 0 && found.size() < query.limit(); i--) {
            FeedEntry entry = get(i);
            if (query.matches(entry)) {
                found.addFirst(entry);
            }
        }
        boolean complete = newestForgottenId <= query.after() || newestForgottenTime < query.from();
        return new History.Found("recent", complete, List.copyOf(found));
    }

    private FeedEntry get(int index) {
        return ring[(next - size + index + ring.length) % ring.length];
    }
}
