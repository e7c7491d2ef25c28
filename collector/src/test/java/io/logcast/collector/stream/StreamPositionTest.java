package io.logcast.collector.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void theFirstAttachUsesTheStartPointAndEveryLaterOneTheOffsetAfterTheLastHandled() {
        StreamPosition position = new StreamPosition(StartPoint.first(), -1);
        assertThat(position.attach()).isEqualTo("first");
        handle(position, 0, 1, 2);
        assertThat(position.attach()).isEqualTo(3L);
        // the broker attaches at chunk granularity: what comes before the offset asked for is skipped, no loss said
        assertThat(position.arrive(1)).isEqualTo(new StreamPosition.Arrival(false, null, false));
        assertThat(position.arrive(2)).isEqualTo(new StreamPosition.Arrival(false, null, false));
        assertThat(position.arrive(3)).isEqualTo(new StreamPosition.Arrival(true, null, false));
    }

    @Test
    void resumingAfterTheJournalsOffsetAsksForTheNextAndSaysExactlyWhatRetentionRemoved() {
        StreamPosition position = new StreamPosition(StartPoint.first(), 99);
        assertThat(position.attach()).isEqualTo(100L);
        StreamPosition.Arrival arrival = position.arrive(250);
        assertThat(arrival.take()).isTrue();
        assertThat(arrival.loss()).isEqualTo(new StreamPosition.Loss(100, 249));
        assertThat(arrival.loss().count()).isEqualTo(150);
        position.handled(250);
        // only the first message after an attach can reveal a loss
        assertThat(position.arrive(251).loss()).isNull();
    }

    @Test
    void aReconnectionAfterRetentionRemovedWhatFollowedTheLastHandledSaysSoToo() {
        StreamPosition position = new StreamPosition(StartPoint.next(), -1);
        assertThat(position.attach()).isEqualTo("next");
        assertThat(position.arrive(7).loss()).isNull();
        position.handled(7);
        assertThat(position.attach()).isEqualTo(8L);
        assertThat(position.arrive(8).loss()).isNull();
        position.handled(8);
        assertThat(position.attach()).isEqualTo(9L);
        assertThat(position.arrive(10).loss()).isEqualTo(new StreamPosition.Loss(9, 9));
    }

    @Test
    void anOffsetStartIsAskedForAndItsChunkNeighboursBeforeItAreSkipped() {
        StreamPosition position = new StreamPosition(StartPoint.offset(500), -1);
        assertThat(position.attach()).isEqualTo(500L);
        assertThat(position.arrive(498).take()).isFalse();
        assertThat(position.arrive(500)).isEqualTo(new StreamPosition.Arrival(true, null, false));
    }

    @Test
    void theHistoryEndsWithTheLastOffsetAtStartOrBeforeTheFirstMessageBeyondIt() {
        StreamPosition position = new StreamPosition(StartPoint.first(), -1);
        position.historyEndsAt(2);
        position.attach();
        assertThat(position.historyOver()).isFalse();
        assertThat(position.arrive(0).pastHistoryEnd()).isFalse();
        assertThat(position.handled(0)).isFalse();
        assertThat(position.arrive(1).pastHistoryEnd()).isFalse();
        assertThat(position.handled(1)).isFalse();
        assertThat(position.arrive(2).pastHistoryEnd()).isFalse();
        assertThat(position.handled(2)).isTrue();
        assertThat(position.historyOver()).isTrue();
        assertThat(position.handled(3)).isFalse();

        // retention removed the end of the history meanwhile: the first message beyond it ends it
        StreamPosition skipped = new StreamPosition(StartPoint.offset(10), -1);
        skipped.historyEndsAt(12);
        skipped.attach();
        assertThat(skipped.arrive(13)).isEqualTo(new StreamPosition.Arrival(true, new StreamPosition.Loss(10, 12), true));
        assertThat(skipped.historyOver()).isTrue();
    }

    @Test
    void aStreamEmptyAtStartOrAnOffsetBeyondItsEndHasNoHistory() {
        StreamPosition empty = new StreamPosition(StartPoint.first(), -1);
        empty.historyEndsAt(-1);
        assertThat(empty.historyOver()).isTrue();
        StreamPosition beyond = new StreamPosition(StartPoint.offset(20), -1);
        beyond.historyEndsAt(19);
        assertThat(beyond.historyOver()).isTrue();
        StreamPosition at = new StreamPosition(StartPoint.offset(19), -1);
        at.historyEndsAt(19);
        assertThat(at.historyOver()).isFalse();
    }

    private static void handle(StreamPosition position, long... offsets) {
        for (long offset : offsets) {
            assertThat(position.arrive(offset).take()).isTrue();
            position.handled(offset);
        }
    }
}
