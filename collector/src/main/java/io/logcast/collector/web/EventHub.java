package io.logcast.collector.web;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.logcast.collector.account.DeliveryCounts;
import io.logcast.collector.account.Gap;
import io.logcast.collector.daemon.DaemonListener;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web side of the daemon, behind one seam: the {@link WebSink} publishes events here, the daemon
 * tells gaps and reconnections here (as its {@link DaemonListener}), and the HTTP side reads from here
 * (the recent buffer, the live pages, the counters, the rates). Items are numbered in the order the
 * consuming thread publishes them; a page connecting gets the recent ones, then the live ones, with
 * nothing lost or repeated between the two.
 */
public final class EventHub implements History, DaemonListener {

    /** Bytes one page may have waiting before its entries are dropped. */
    static final long CLIENT_QUEUE_BYTES = 4L * 1024 * 1024;
    /** Pages connected at once; more are refused (503). */
    static final int MAX_CLIENTS = 32;

    /** Part of every SSE id: a page that comes back after a restart is told so. */
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final int recentCapacity;
    private final RecentEvents recent;
    private final List<LiveClient> clients = new CopyOnWriteArrayList<>();
    private final WebMetrics metrics = new WebMetrics();
    private final RateHistory rates = new RateHistory();
    private final LongSupplier clock;
    private long lastId;
    private long closedClientsSent;
    private long closedClientsDropped;

    /** @param recentCapacity the items kept for pages opened later ({@code --recent}) */
    public EventHub(int recentCapacity) {
        this(recentCapacity, System::currentTimeMillis);
    }

    EventHub(int recentCapacity, LongSupplier clock) {
        this.recentCapacity = recentCapacity;
        this.recent = new RecentEvents(recentCapacity);
        this.clock = clock;
    }

    /** An event handed to the sink, on the consuming thread. */
    void publish(WebEvent event) {
        metrics.event(event.level());
        rates.record(event.level(), clock.getAsLong());
        add(event);
    }

    /** A gap the daemon's accounting found (it counts them): a marker where the events are missing. */
    @Override
    public void gap(Gap gap) {
        add(Marker.gap(clock.getAsLong(), gap));
    }

    @Override
    public void reconnected(String lossReason) {
        metrics.reconnections.increment();
        add(Marker.reconnected(clock.getAsLong(), lossReason));
    }

    private synchronized void add(FeedItem item) {
        long id = ++lastId;
        FeedEntry entry = new FeedEntry(id, item, FeedJson.of(id, item));
        recent.add(entry);
        for (LiveClient client : clients) {
            client.offer(entry);
        }
    }

    /**
     * Connects a page's live feed: queues the recent items it has not seen, then registers it for live ones.
     *
     * @param response    the Server-Sent Events response, its headers set
     * @param requestDone completed when the feed ends
     * @param executor    where the feed's writes run
     * @param lastEventId the SSE {@code Last-Event-ID} of a page that reconnects, or null
     * @return false when too many pages are connected (counted); nothing was written then
     */
    synchronized boolean connect(Response response, Callback requestDone, Executor executor, String lastEventId) {
        if (clients.size() >= MAX_CLIENTS) {
            metrics.clientsRefused.increment();
            return false;
        }
        LiveClient client = new LiveClient(instance, new ClientQueue(CLIENT_QUEUE_BYTES), response, requestDone, executor,
                this::disconnect);
        catchUp(client.queue(), lastEventId);
        clients.add(client);
        client.wake();
        return true;
    }

    /**
     * Queues what a page connecting now has not seen: the recent items after its {@code Last-Event-ID}
     * (all of them for a new page), after a marker when some it missed are no longer kept or the
     * daemon restarted since.
     */
    synchronized void catchUp(ClientQueue queue, String lastEventId) {
        long seen = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            int dash = lastEventId.lastIndexOf('-');
            if (dash > 0 && lastEventId.substring(0, dash).equals(instance)) {
                seen = parseOrZero(lastEventId.substring(dash + 1));
                long missed = recent.oldestId() - seen - 1;
                if (recent.size() > 0 && missed > 0) {
                    queue.offer(unnumbered(Marker.missed(clock.getAsLong(), missed)));
                }
            } else {
                queue.offer(unnumbered(Marker.restarted(clock.getAsLong())));
            }
        }
        queueBacklog(queue, recent.after(seen));
    }

    /**
     * The newest of the backlog that fits half the page's queue (the rest is for live items), after a
     * marker saying how many older ones are not sent.
     */
    private void queueBacklog(ClientQueue queue, List<FeedEntry> backlog) {
        long budget = queue.capacityBytes() / 2;
        int first = backlog.size();
        while (first > 0 && budget >= ClientQueue.size(backlog.get(first - 1))) {
            budget -= ClientQueue.size(backlog.get(first - 1));
            first--;
        }
        if (first > 0) {
            queue.offer(unnumbered(Marker.missed(clock.getAsLong(), first)));
        }
        for (FeedEntry entry : backlog.subList(first, backlog.size())) {
            queue.offer(entry);
        }
    }

    /** A page's feed ended: its counts are kept for {@code /metrics}. */
    synchronized void disconnect(LiveClient client) {
        if (clients.remove(client)) {
            closedClientsSent += client.queue().sentTotal();
            closedClientsDropped += client.queue().droppedTotal();
        }
    }

    /** Every page connected now gets a keep-alive comment (when nothing else is being written). */
    void ping() {
        clients.forEach(LiveClient::ping);
    }

    /** Ends every page's feed: the daemon stops. */
    void close() {
        for (LiveClient client : clients) {
            client.abort(new CancellationException("the web daemon stops"));
        }
    }

    /** This daemon's part of the SSE ids ({@code <instance>-<id>}). */
    String instance() {
        return instance;
    }

    /** All the recent ones. */
    @Override
    public int maxResults() {
        return recentCapacity;
    }

    /** From the recent buffer. */
    @Override
    public synchronized Found find(EventQuery query) {
        return recent.find(query);
    }

    RateHistory.Snapshot rates() {
        return rates.snapshot(clock.getAsLong());
    }

    /** The Prometheus text of {@code /metrics}: the daemon's delivery counts, then this web side's own. */
    synchronized String metrics(DeliveryCounts delivery) {
        long sent = closedClientsSent;
        long dropped = closedClientsDropped;
        long queuedEntries = 0;
        long queuedBytes = 0;
        for (LiveClient client : clients) {
            sent += client.queue().sentTotal();
            dropped += client.queue().droppedTotal();
            queuedEntries += client.queue().queuedEntries();
            queuedBytes += client.queue().queuedBytes();
        }
        return metrics.exposition(delivery, new WebMetrics.Clients(clients.size(), sent, dropped, queuedEntries, queuedBytes, recent.size()));
    }

    /** A marker for one page only: not part of the numbered feed. */
    private static FeedEntry unnumbered(Marker marker) {
        return new FeedEntry(0, marker, FeedJson.of(0, marker));
    }

    private static long parseOrZero(String number) {
        try {
            return Math.max(0, Long.parseLong(number));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
