package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;

import org.junit.jupiter.api.Test;

class ConfirmWindowTest {

    private final RecordedStatus status = new RecordedStatus();
    private final Counters counters = new Counters();
    private final UnroutableEpisodes unroutable = new UnroutableEpisodes("logs", counters, status.reporter);
    /** Nacked messages go out again at once: no broker here returns them. */
    private final ConfirmWindow window = new ConfirmWindow(true, counters, unroutable, () -> { }, 0);

    @Test
    void anAckSettlesItsMessageAndFreesItsSlots() {
        long channel = window.newChannel();
        window.sent(1, message("p-1", 1));
        window.sent(2, message("p-2", 3));

        window.confirmed(channel, 2, false, true);

        assertThat(window.settle()).isEqualTo(3);
        assertThat(counters.confirmed.get()).isEqualTo(1);
        assertThat(window.isIdle()).isFalse();
        window.confirmed(channel, 1, false, true);
        assertThat(window.settle()).isEqualTo(1);
        assertThat(window.isIdle()).isTrue();
    }

    @Test
    void aMultipleAckSettlesEveryMessageUpToItsTag() {
        long channel = window.newChannel();
        for (long tag = 1; tag <= 5; tag++) {
            window.sent(tag, message("p-" + tag, 1));
        }

        window.confirmed(channel, 3, true, true);

        assertThat(window.settle()).isEqualTo(3);
        assertThat(counters.confirmed.get()).isEqualTo(3);
        window.confirmed(channel, 5, true, true);
        assertThat(window.settle()).isEqualTo(2);
        assertThat(window.isIdle()).isTrue();
    }

    @Test
    void nackedMessagesArePublishedAgainFirstInTheirOrderAndCountedOnce() {
        long channel = window.newChannel();
        OutgoingMessage first = message("p-1", 1);
        OutgoingMessage second = message("p-2", 1);
        OutgoingMessage third = message("p-3", 1);
        window.sent(1, first);
        window.sent(2, second);
        window.sent(3, third);

        window.confirmed(channel, 2, true, false);

        assertThat(window.settle()).as("a nack frees nothing").isZero();
        assertThat(counters.nacked.get()).isEqualTo(2);
        assertThat(retries()).containsExactly(first, second);
        window.sent(4, first);
        window.sent(5, second);
        assertThat(counters.republished.get()).isEqualTo(2);
        assertThat(counters.published.get()).isEqualTo(5);
    }

    @Test
    void aLostChannelSendsWhatWasInFlightBackAheadOfEarlierRetriesAndIgnoresItsLateConfirms() {
        long dead = window.newChannel();
        OutgoingMessage nacked = message("p-1", 1);
        OutgoingMessage inFlight = message("p-2", 1);
        window.sent(1, nacked);
        window.confirmed(dead, 1, false, false);
        window.settle();
        assertThat(window.nextRetry()).isSameAs(nacked);
        window.unsent(nacked); // its re-publication failed: the connection broke
        window.sent(2, inFlight);

        window.channelLost();
        window.confirmed(dead, 2, false, true); // late, from the dead channel's reader thread
        long live = window.newChannel();

        assertThat(window.settle()).isZero();
        assertThat(counters.confirmed.get()).isZero();
        assertThat(retries()).containsExactly(inFlight, nacked);
        window.sent(1, inFlight);
        window.confirmed(live, 1, false, true);
        assertThat(window.settle()).isEqualTo(1);
        assertThat(counters.republished.get()).isEqualTo(1);
    }

    @Test
    void theWindowCountsEventsNotMessages() {
        window.newChannel();
        window.sent(1, message("p-1", 600));

        assertThat(window.hasRoomFor(ConfirmWindow.MAX_IN_FLIGHT_EVENTS - 600)).isTrue();
        assertThat(window.hasRoomFor(ConfirmWindow.MAX_IN_FLIGHT_EVENTS - 599)).isFalse();
    }

    @Test
    void aReturnedMessageIsConfirmedAsUnroutableNotPublishedAgainAndTheEpisodeEndsWhenAMessageIsRouted() {
        long channel = window.newChannel();
        window.sent(1, message("p-1", 5));
        window.sent(2, message("p-6", 1));
        window.sent(3, message("p-7", 1));

        window.returned(channel, "p-1", 5);
        window.returned(channel, "p-6", 1);
        window.confirmed(channel, 2, true, true);

        assertThat(window.settle()).isEqualTo(6);
        assertThat(counters.unroutable.get()).isEqualTo(6);
        assertThat(counters.confirmed.get()).isEqualTo(2);
        assertThat(window.hasRetries()).isFalse();
        assertThat(status.warnings()).isEmpty();

        window.confirmed(channel, 3, false, true);
        window.settle();
        assertThat(status.warnings()).containsExactly("RabbitMQAppender [unit]: 6 events reached exchange 'logs' while no queue was bound"
                + " to it (until a queue was bound); the broker discarded them (UnroutableCount 6)");
    }

    @Test
    void aNackedMessageWaitsForAReturnThatSettlesItAsUnroutableAsQpidSendsThem() {
        ConfirmWindow patient = new ConfirmWindow(true, counters, unroutable, () -> { }, TimeUnit.SECONDS.toNanos(30));
        long channel = patient.newChannel();
        patient.sent(1, message("p-1", 3));
        patient.sent(2, message("p-4", 1));

        patient.confirmed(channel, 1, false, false);
        patient.returned(channel, "p-1", 3);
        patient.confirmed(channel, 2, false, false);

        assertThat(patient.settle()).isEqualTo(3);
        assertThat(counters.unroutable.get()).isEqualTo(3);
        assertThat(counters.nacked.get()).as("p-4 still waits for a return").isZero();
        assertThat(patient.hasRetries()).isFalse();
        assertThat(patient.isIdle()).isFalse();
        patient.channelLost();
        assertThat(patient.nextRetry().id()).as("no return can come any more").isEqualTo("p-4");
        assertThat(counters.nacked.get()).isEqualTo(1);
    }

    @Test
    void withoutConfirmsAMessageIsSettledWhenWrittenAndAReturnIsCountedAsItArrives() {
        ConfirmWindow unconfirmed = new ConfirmWindow(false, counters, new UnroutableEpisodes("logs", counters, status.reporter), () -> { });
        long channel = unconfirmed.newChannel();

        assertThat(unconfirmed.sent(1, message("p-1", 4))).isEqualTo(4);
        assertThat(unconfirmed.isIdle()).isTrue();
        unconfirmed.returned(channel, "p-1", 4);
        unconfirmed.settle();
        assertThat(counters.unroutable.get()).isEqualTo(4);
    }

    private List<OutgoingMessage> retries() {
        List<OutgoingMessage> retries = new ArrayList<>();
        for (OutgoingMessage message = window.nextRetry(); message != null; message = window.nextRetry()) {
            retries.add(message);
        }
        return retries;
    }

    private static OutgoingMessage message(String id, int events) {
        return new OutgoingMessage(new AMQP.BasicProperties.Builder().messageId(id).build(), new byte[0], events, events);
    }
}
