package io.logcast.collector.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProducerWindowTest {

    @Test
    void theFirstSeqIsSeenAndTheHighest() {
        ProducerWindow window = new ProducerWindow(7);

        assertThat(window.highest()).isEqualTo(7);
        assertThat(window.seen(7)).isTrue();
        assertThat(window.accountedFrom()).isEqualTo(7);
    }

    @Test
    void advancingLeavesTheSeqsBetweenUnseenUntilTheyArrive() {
        ProducerWindow window = new ProducerWindow(1);

        window.advanceTo(5);
        window.markSeen(3);

        assertThat(window.highest()).isEqualTo(5);
        assertThat(window.seen(2)).isFalse();
        assertThat(window.seen(3)).isTrue();
        assertThat(window.seen(4)).isFalse();
        assertThat(window.seen(5)).isTrue();
    }

    @Test
    void aSlotReusedAfterAFullTurnOfTheRingIsClearedForItsNewSeq() {
        ProducerWindow window = new ProducerWindow(1);
        window.markSeen(2);

        window.advanceTo(ProducerWindow.SIZE + 3);

        assertThat(window.seen(ProducerWindow.SIZE + 2)).as("the slot of seq 2, one turn later").isFalse();
        assertThat(window.inWindow(3)).isFalse();
        assertThat(window.inWindow(4)).isTrue();
    }

    @Test
    void aJumpOfAWholeWindowForgetsEverySeqBefore() {
        ProducerWindow window = new ProducerWindow(1);
        for (long seq = 2; seq <= 100; seq++) {
            window.markSeen(seq);
        }

        window.advanceTo(100 + 2L * ProducerWindow.SIZE);

        for (long seq = 101 + ProducerWindow.SIZE; seq < 100 + 2L * ProducerWindow.SIZE; seq += 997) {
            assertThat(window.seen(seq)).as("seq %d", seq).isFalse();
        }
    }

    @Test
    void markingAnOldSeqOutsideTheWindowChangesNothing() {
        ProducerWindow window = new ProducerWindow(ProducerWindow.SIZE + 10);

        window.markSeen(5);

        assertThat(window.highest()).isEqualTo(ProducerWindow.SIZE + 10);
        assertThat(window.seen(ProducerWindow.SIZE + 5)).as("seq 5's slot belongs to a later seq").isFalse();
    }

    @Test
    void accountingFromTheHighestMarksTheSeqsBeforeAsAnEarlierProcesssToReport() {
        ProducerWindow window = new ProducerWindow(1);
        window.markSeen(9);

        window.accountFromHighest();

        assertThat(window.accountedFrom()).isEqualTo(9);
    }
}
