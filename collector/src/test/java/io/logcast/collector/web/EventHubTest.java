package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.logcast.collector.account.DeliveryCounts;
import io.logcast.collector.account.Gap;

import org.junit.jupiter.api.Test;

class EventHubTest {

    private static final long NOW = 1_800_000_000_000L;

    private static EventHub hubWith(int recent, int events) {
        EventHub hub = new EventHub(recent, () -> NOW);
        for (int i = 1; i <= events; i++) {
            hub.publish(FeedEntries.event(NOW, "INFO", "shop", "com.shop.Orders", "order " + i));
        }
        return hub;
    }

    /** What a page would be sent: an entry's message, or a marker's kind and count. */
    private static List<String> sent(ClientQueue queue) {
        List<String> sent = new ArrayList<>();
        for (ClientQueue.Item item : queue.drain(Long.MAX_VALUE)) {
            if (item.entry() == null) {
                sent.add("dropped " + item.dropped());
            } else if (item.entry().item() instanceof WebEvent event) {
                sent.add(event.message());
            } else {
                Marker marker = (Marker) item.entry().item();
                sent.add(marker.kind() + " " + marker.count());
            }
        }
        return sent;
    }

    @Test
    void aNewPageGetsEveryRecentItemInOrder() {
        EventHub hub = hubWith(3, 5);
        ClientQueue queue = new ClientQueue(EventHub.CLIENT_QUEUE_BYTES);
        hub.catchUp(queue, null);
        assertThat(sent(queue)).containsExactly("order 3", "order 4", "order 5");
    }

    @Test
    void aPageThatComesBackGetsOnlyWhatItHasNotSeen() {
        EventHub hub = hubWith(10, 5);
        ClientQueue queue = new ClientQueue(EventHub.CLIENT_QUEUE_BYTES);
        hub.catchUp(queue, hub.instance() + "-3");
        assertThat(sent(queue)).containsExactly("order 4", "order 5");
    }

    @Test
    void aPageThatWasAwayLongerThanTheRecentBufferIsToldHowManyItMissed() {
        EventHub hub = hubWith(3, 10);
        ClientQueue queue = new ClientQueue(EventHub.CLIENT_QUEUE_BYTES);
        hub.catchUp(queue, hub.instance() + "-4");
        // it saw 1..4; 5, 6 and 7 are forgotten
        assertThat(sent(queue)).containsExactly("missed 3", "order 8", "order 9", "order 10");
    }

    @Test
    void aPageFromBeforeARestartIsToldSoAndGetsEverything() {
        EventHub hub = hubWith(3, 2);
        ClientQueue queue = new ClientQueue(EventHub.CLIENT_QUEUE_BYTES);
        hub.catchUp(queue, "0badcafe-7");
        assertThat(sent(queue)).containsExactly("restarted 0", "order 1", "order 2");
    }

    @Test
    void aBacklogLargerThanHalfThePagesQueueSendsTheNewestAfterAMarker() {
        EventHub hub = hubWith(100, 10);
        ClientQueue queue = new ClientQueue(2 * 3 * ClientQueue.size(entryLike(hub)));
        hub.catchUp(queue, null);
        assertThat(sent(queue)).containsExactly("missed 7", "order 8", "order 9", "order 10");
    }

    @Test
    void gapsAndReconnectionsAreNumberedItemsBetweenTheEventsAndAreCounted() {
        EventHub hub = hubWith(10, 1);
        hub.gap(new Gap("p-1", "shop", 2, 4));
        hub.reconnected("connection reset");
        hub.publish(FeedEntries.event(NOW, "ERROR", "shop", "com.shop.Orders", "order 5"));
        ClientQueue queue = new ClientQueue(EventHub.CLIENT_QUEUE_BYTES);
        hub.catchUp(queue, null);
        assertThat(sent(queue)).containsExactly("order 1", "gap 3", "reconnected 0", "order 5");
        // the daemon's delivery counts as they are, beside the hub's own
        assertThat(hub.metrics(new DeliveryCounts(2, 2, 0, 1, 1, 2, 1, 0))).contains("logcast_messages_total 2\n",
                "logcast_duplicates_suppressed_total 1\n", "logcast_gaps_total 1\n", "logcast_events_missing_total 2\n",
                "logcast_reconnections_total 1\n",
                "logcast_events_total{level=\"INFO\"} 1\n", "logcast_events_total{level=\"ERROR\"} 1\n",
                "logcast_web_recent_entries 4\n");
        List<FeedEntry> items = hub.find(new EventQuery(0, 0, null, null, null, null, 10)).entries();
        assertThat(new String(items.get(1).json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2,\"kind\":\"gap\",\"time\":" + NOW
                + ",\"text\":\"producer p-1 (app shop): 3 events missing (seq 2..4)\",\"count\":3}");
        assertThat(new String(items.get(2).json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":3,\"kind\":\"reconnected\",\"time\":" + NOW + ",\"text\":\"the daemon "
                + "reconnected to the broker after the connection was lost (connection reset); events published meanwhile may be "
                + "missing here\",\"count\":0}");
    }

    /** The newest entry ("order 10"): the two before it are a byte smaller, so the half-queue holds exactly three. */
    private static FeedEntry entryLike(EventHub hub) {
        return hub.find(new EventQuery(0, 0, null, null, null, null, 1)).entries().get(0);
    }
}
