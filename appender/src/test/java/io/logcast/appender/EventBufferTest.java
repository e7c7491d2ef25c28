package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.Test;

class EventBufferTest {

    private final RecordedStatus app = new RecordedStatus();

    @Test
    void refusesEventsBeyondItsCapacityUntilSlotsAreReleased() {
        EventBuffer buffer = new EventBuffer(2);
        ILoggingEvent first = app.event("first");
        assertThat(buffer.tryReserve()).isTrue();
        buffer.addReserved(first);
        assertThat(buffer.tryReserve()).isTrue();
        buffer.addReserved(app.event("second"));

        assertThat(buffer.tryReserve()).isFalse();
        assertThat(buffer.depth()).isEqualTo(2);

        buffer.release(1);
        assertThat(buffer.depth()).isEqualTo(1);
        assertThat(buffer.tryReserve()).isTrue();
    }

    @Test
    void aPolledEventKeepsItsSlotUntilReleased() {
        EventBuffer buffer = new EventBuffer(1);
        ILoggingEvent event = app.event("held");
        buffer.tryReserve();
        buffer.addReserved(event);

        assertThat(buffer.poll()).isSameAs(event);
        assertThat(buffer.poll()).isNull();
        assertThat(buffer.depth()).isEqualTo(1);
        assertThat(buffer.tryReserve()).as("in flight: still counted").isFalse();
    }

    @Test
    void pollGivesEventsInTheOrderTheyWereAdded() {
        EventBuffer buffer = new EventBuffer(10);
        for (int i = 0; i < 5; i++) {
            buffer.tryReserve();
            buffer.addReserved(app.event("event " + i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(buffer.poll().getFormattedMessage()).isEqualTo("event " + i);
        }
    }

    @Test
    void aTimedOfferGivesUpAfterItsTimeoutWhenNoRoomAppears() throws Exception {
        EventBuffer buffer = new EventBuffer(1);
        buffer.tryReserve();
        buffer.addReserved(app.event("full"));

        long start = System.nanoTime();
        boolean accepted = buffer.offer(app.event("late"), TimeUnit.MILLISECONDS.toNanos(20));

        assertThat(accepted).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(buffer.depth()).isEqualTo(1);
    }

    @Test
    void aTimedOfferTakesTheRoomThatAReleaseMakes() throws Exception {
        EventBuffer buffer = new EventBuffer(1);
        buffer.tryReserve();
        buffer.addReserved(app.event("full"));
        CountDownLatch waiting = new CountDownLatch(1);
        Thread confirmer = new Thread(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                return;
            }
            buffer.poll();
            buffer.release(1);
        });
        confirmer.start();

        waiting.countDown();
        boolean accepted = buffer.offer(app.event("next"), TimeUnit.SECONDS.toNanos(10));
        confirmer.join();

        assertThat(accepted).isTrue();
        assertThat(buffer.depth()).isEqualTo(1);
        assertThat(buffer.poll().getFormattedMessage()).isEqualTo("next");
    }

    @Test
    void thePublisherDoesNotSleepWhileEventsWaitAndIsWokenByAnOffer() throws Exception {
        EventBuffer buffer = new EventBuffer(10);
        buffer.consumerIs(Thread.currentThread());
        buffer.tryReserve();
        buffer.addReserved(app.event("waiting"));

        long start = System.nanoTime();
        buffer.awaitWork(TimeUnit.SECONDS.toNanos(10));
        assertThat(System.nanoTime() - start).as("returned at once").isLessThan(TimeUnit.SECONDS.toNanos(5));

        buffer.poll();
        Thread caller = new Thread(() -> {
            buffer.tryReserve();
            buffer.addReserved(app.event("wakes it"));
        });
        Thread publisher = new Thread(() -> buffer.awaitWork(TimeUnit.SECONDS.toNanos(30)));
        buffer.consumerIs(publisher);
        publisher.start();
        caller.start();
        caller.join();
        publisher.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(publisher.isAlive()).as("woken by the offer, long before its 30 s").isFalse();
    }
}
