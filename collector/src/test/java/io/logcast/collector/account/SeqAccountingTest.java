package io.logcast.collector.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import io.logcast.collector.decode.MessageHeaders;
import io.logcast.core.WireContract;

import org.junit.jupiter.api.Test;

/** {@link DeliveryAccounting} alone: gaps, duplicates, late arrivals and the window, by producer and seq. */
class SeqAccountingTest {

    private final List<Gap> gaps = new ArrayList<>();
    private final DeliveryAccounting accounting = new DeliveryAccounting(gaps::add);

    @Test
    void aJumpIsOneGapWithItsRangeToldWhenTheMessageThatRevealsItArrives() {
        admit("p1", 1, 1);
        admit("p1", 2, 1);
        assertThat(gaps).isEmpty();

        admit("p1", 7, 1);

        assertThat(gaps).containsExactly(new Gap("p1", "shop", 3, 6));
        assertThat(gaps.get(0).describe()).isEqualTo("producer p1 (app shop): 4 events missing (seq 3..6)");
        assertThat(new Gap("p2", null, 5, 5).describe()).isEqualTo("producer p2: 1 event missing (seq 5)");
        assertThat(accounting.counts()).isEqualTo(new DeliveryCounts(3, 3, 0, 0, 1, 4, 0, 0));
    }

    @Test
    void aSeqSeenBeforeIsNotAdmittedAgainAndEachProducerHasItsOwnSeqs() {
        assertThat(admit("p1", 1, 1)).containsExactly("p1:1");
        assertThat(admit("p1", 1, 1)).isEmpty();
        assertThat(admit("p2", 1, 1)).containsExactly("p2:1");

        assertThat(accounting.counts().duplicatesSuppressed()).isEqualTo(1);
        assertThat(accounting.counts().eventsWritten()).isEqualTo(2);
    }

    @Test
    void aBatchCoversItsEventCountAndOnlyItsNewEventsAreAdmitted() {
        admit("p1", 1, 2);

        assertThat(admit("p1", 2, 3)).containsExactly("p1:3", "p1:4");

        assertThat(accounting.counts()).isEqualTo(new DeliveryCounts(2, 4, 0, 1, 0, 0, 0, 0));
        assertThat(gaps).isEmpty();
    }

    @Test
    void anEventReportedMissingThatComesLateIsAdmittedAndNoLongerMissing() {
        admit("p1", 1, 1);
        admit("p1", 4, 1);

        assertThat(admit("p1", 3, 1)).containsExactly("p1:3");

        assertThat(accounting.counts()).isEqualTo(new DeliveryCounts(3, 3, 0, 0, 1, 1, 1, 0));
        assertThat(accounting.counts().summary()).isEqualTo("delivery summary: 3 messages, 3 events written (0 without producer/seq), "
                + "0 duplicates suppressed, 1 gaps reported, 1 events missing, 1 late arrivals, 0 beyond the duplicate window");
    }

    @Test
    void aSeqOlderThanTheWindowIsAdmittedRatherThanLostAndCounted() {
        admit("p1", 1, 1);
        admit("p1", ProducerWindow.SIZE + 10, 1);

        assertThat(admit("p1", 1, 1)).as("too old to tell").containsExactly("p1:1");

        assertThat(accounting.counts().beyondWindow()).isEqualTo(1);
    }

    @Test
    void messagesWithoutProducerOrSeqAreAdmittedUnchecked() {
        List<String> events = List.of("a", "b");

        assertThat(accounting.admit(MessageHeaders.of(null), events).events()).isEqualTo(events);
        assertThat(accounting.admit(headers("p1", 0, 1), events).events()).as("seq 0 is no seq").isEqualTo(events);

        assertThat(accounting.counts()).isEqualTo(new DeliveryCounts(2, 4, 4, 0, 0, 0, 0, 0));
    }

    @Test
    void anUnbelievableEventCountIsReplacedByTheEventsDecoded() {
        DeliveryAccounting.Admission<String> admission = accounting.admit(headers("p1", 1, DeliveryAccounting.MAX_BATCH + 1), List.of("one"));

        assertThat(admission.range()).isEqualTo(1);
        assertThat(admit("p1", 2, 1)).containsExactly("p1:2");
        assertThat(gaps).isEmpty();
    }

    @Test
    void seqsRememberedFromAJournalAreDuplicatesAndTheirGapsAreNotReportedAgain() {
        accounting.remember("p1", 1, 3);
        accounting.remember("p1", 8, 1);

        assertThat(admit("p1", 2, 1)).isEmpty();
        assertThat(admit("p1", 5, 1)).as("missing before the restart: written, not late").containsExactly("p1:5");
        assertThat(admit("p1", 9, 1)).containsExactly("p1:9");

        assertThat(gaps).isEmpty();
        assertThat(accounting.counts()).isEqualTo(new DeliveryCounts(3, 2, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void anEventFoundInTheFileAlreadyCountsAsADuplicateNotAsWritten() {
        admit("p1", 1, 1);

        accounting.alreadyWritten();

        assertThat(accounting.counts().eventsWritten()).isZero();
        assertThat(accounting.counts().duplicatesSuppressed()).isEqualTo(1);
    }

    /** Admits a message of {@code count} events "producer:seq"; returns those admitted. */
    private List<String> admit(String producer, long seq, long count) {
        List<String> events = new ArrayList<>();
        for (long s = seq; s < seq + count; s++) {
            events.add(producer + ":" + s);
        }
        return accounting.admit(headers(producer, seq, count), events).events();
    }

    private static MessageHeaders headers(String producer, long seq, long count) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, seq);
        headers.put(WireContract.HEADER_APP, "shop");
        if (count > 1) {
            headers.put(WireContract.HEADER_EVENT_COUNT, count);
        }
        return MessageHeaders.of(new AMQP.BasicProperties.Builder().headers(headers).build());
    }
}
