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
    void resumingAfterTheJournalsOffsetAsksForTheNextAndSaysWhichOffsetsGaveNoMessage() {
        StreamPosition position = new StreamPosition(StartPoint.first(), 99);
        assertThat(position.attach()).isEqualTo(100L);
        StreamPosition.Arrival arrival = position.arrive(250);
        assertThat(arrival.take()).isTrue();
        assertThat(arrival.skipped()).isEqualTo(new StreamPosition.Skipped(100, 249));
        position.handled(250);
        // only the first message after an attach can reveal skipped offsets
        assertThat(position.arrive(252).skipped()).isNull();
    }

    @Test
    void aReconnectionAsksForTheOffsetAfterTheLastHandledAndSeesWhatWasSkipped() {
        StreamPosition position = new StreamPosition(StartPoint.next(), -1);
        assertThat(position.attach()).isEqualTo("next");
        assertThat(position.arrive(7).skipped()).isNull();
        position.handled(7);
        assertThat(position.attach()).isEqualTo(8L);
        assertThat(position.arrive(8).skipped()).isNull();
        position.handled(8);
        assertThat(position.attach()).isEqualTo(9L);
        assertThat(position.arrive(10).skipped()).isEqualTo(new StreamPosition.Skipped(9, 9));
    }

    @Test
    void skippedOffsetsAreRetentionsDoingOnlyWhenTheMessageAfterThemIsTheFirstTheStreamHolds() {
        // the stream holds messages before 961: 20..960 held only the broker's own chunks
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(20, 960), 5)).isFalse();
        // a segment begins at 41 with the broker's chunk; 42 is the stream's first message now
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(41, 41), 42)).isFalse();
        // 40 was a message (the end of a segment removed), 41 the next segment's chunk
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(40, 41), 42)).isTrue();
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(20, 960), 961)).isTrue();
        // retention went on meanwhile, or the stream could not be asked: said rather than hidden
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(20, 960), 990)).isTrue();
        assertThat(StreamPosition.removedByRetention(new StreamPosition.Skipped(20, 960), -1)).isTrue();
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
        assertThat(skipped.arrive(13)).isEqualTo(new StreamPosition.Arrival(true, new StreamPosition.Skipped(10, 12), true));
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
