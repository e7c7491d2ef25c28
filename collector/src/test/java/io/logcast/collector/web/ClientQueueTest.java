package io.logcast.collector.web;

import static io.logcast.collector.web.FeedEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClientQueueTest {

    private static final FeedEntry SAMPLE = entry(1, 1000, "INFO");
    private static final long SIZE = ClientQueue.size(SAMPLE);

    @Test
    void dropsWhatDoesNotFitCountsItAndMarksThePlaceBeforeTheNextEntry() {
        ClientQueue queue = new ClientQueue(3 * SIZE);
        List<Boolean> accepted = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            accepted.add(queue.offer(entry(id, 1000, "INFO")));
        }
        assertThat(accepted).containsExactly(true, true, true, false, false);
        assertThat(queue.queuedEntries()).isEqualTo(3);
        assertThat(queue.queuedBytes()).isEqualTo(3 * SIZE);

        List<ClientQueue.Item> first = queue.drain(SIZE);
        assertThat(first).extracting(item -> item.entry().id()).containsExactly(1L);
        queue.offer(entry(6, 1000, "INFO"));

        List<ClientQueue.Item> rest = queue.drain(Long.MAX_VALUE);
        assertThat(rest).hasSize(4);
        assertThat(rest.get(0).entry().id()).isEqualTo(2);
        assertThat(rest.get(1).entry().id()).isEqualTo(3);
        assertThat(rest.get(2).entry()).isNull();
        assertThat(rest.get(2).dropped()).isEqualTo(2);
        assertThat(rest.get(3).entry().id()).isEqualTo(6);
        assertThat(queue.sentTotal()).isEqualTo(4);
        assertThat(queue.droppedTotal()).isEqualTo(2);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void dropsAfterTheLastEntryAreMarkedAtTheEndOfTheDrain() {
        ClientQueue queue = new ClientQueue(SIZE);
        queue.offer(entry(1, 1000, "INFO"));
        queue.offer(entry(2, 1000, "INFO"));
        queue.offer(entry(3, 1000, "INFO"));
        List<ClientQueue.Item> batch = queue.drain(Long.MAX_VALUE);
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).entry().id()).isEqualTo(1);
        assertThat(batch.get(1).dropped()).isEqualTo(2);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void everyOfferedEntryIsSentDroppedOrStillQueued() {
        ClientQueue queue = new ClientQueue(10 * SIZE);
        long offered = 0;
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < round % 17; i++) {
                queue.offer(entry(++offered, 1000, "INFO"));
            }
            queue.drain(3 * SIZE);
            assertThat(queue.sentTotal() + queue.droppedTotal() + queue.queuedEntries()).isEqualTo(offered);
            assertThat(queue.queuedBytes()).isLessThanOrEqualTo(10 * SIZE);
        }
        queue.discard();
        assertThat(queue.sentTotal() + queue.droppedTotal()).isEqualTo(offered);
        assertThat(queue.queuedEntries()).isZero();
        assertThat(queue.queuedBytes()).isZero();
    }

    @Test
    void aDrainTakesAtLeastOneEntryEvenWhenItIsLargerThanTheWriteSize() {
        ClientQueue queue = new ClientQueue(10 * SIZE);
        queue.offer(entry(1, 1000, "INFO"));
        queue.offer(entry(2, 1000, "INFO"));
        assertThat(queue.drain(1)).extracting(item -> item.entry().id()).containsExactly(1L);
    }
}
