package io.logcast.collector.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What waits to be sent to one page, bounded in bytes so that a slow or background tab cannot grow
 * the daemon's memory. When it is full, new items are dropped and counted; where they were dropped,
 * the page gets a marker with the count. Thread-safe: the consuming thread offers, the page's writer drains.
 */
final class ClientQueue {

    /**
     * What the writer sends next: an entry, or (entry null) the number of items dropped at this place.
     */
    record Item(FeedEntry entry, long dropped) {
    }

    /** Framing that an entry costs besides its JSON (the SSE {@code id:} and {@code data:} lines). */
    static final int FRAME_OVERHEAD = 48;

    private final long capacityBytes;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private long queuedBytes;
    private long queuedEntries;
    private long droppedHere;
    private long droppedTotal;
    private long sentTotal;

    ClientQueue(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    static long size(FeedEntry entry) {
        return entry.json().length + FRAME_OVERHEAD;
    }

    /** Queues the entry, or drops it (counted) when it does not fit; false when dropped. */
    synchronized boolean offer(FeedEntry entry) {
        long size = size(entry);
        if (queuedBytes + size > capacityBytes) {
            droppedHere++;
            droppedTotal++;
            return false;
        }
        markDrops();
        items.add(new Item(entry, 0));
        queuedBytes += size;
        queuedEntries++;
        return true;
    }

    /**
     * Takes the oldest items, up to {@code maxBytes} of entries (at least one entry when any waits),
     * followed by a drop marker when items were dropped after the last one.
     */
    synchronized List<Item> drain(long maxBytes) {
        List<Item> batch = new ArrayList<>();
        long bytes = 0;
        while (!items.isEmpty()) {
            Item next = items.peek();
            long size = next.entry() == null ? 0 : size(next.entry());
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                return batch;
            }
            items.poll();
            batch.add(next);
            if (next.entry() != null) {
                bytes += size;
                queuedBytes -= size;
                queuedEntries--;
                sentTotal++;
            }
        }
        markDrops();
        if (!items.isEmpty()) {
            batch.add(items.poll());
        }
        return batch;
    }

    /** Forgets what waits (the page is gone); it counts as dropped. */
    synchronized void discard() {
        droppedTotal += queuedEntries;
        items.clear();
        queuedBytes = 0;
        queuedEntries = 0;
        droppedHere = 0;
    }

    private void markDrops() {
        if (droppedHere > 0) {
            items.add(new Item(null, droppedHere));
            droppedHere = 0;
        }
    }

    synchronized boolean isEmpty() {
        return items.isEmpty() && droppedHere == 0;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    synchronized long queuedEntries() {
        return queuedEntries;
    }

    /** Entries dropped since this page connected, those discarded when it left included. */
    synchronized long droppedTotal() {
        return droppedTotal;
    }

    /** Entries taken to be written to the page. */
    synchronized long sentTotal() {
        return sentTotal;
    }
}
