package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class EventScheduleTest {

    @Test
    void handsOutExactlyCountEventsOverAllThreads() throws InterruptedException {
        EventSchedule schedule = new EventSchedule(1_000, null, 0);
        AtomicLong granted = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread thread = new Thread(() -> {
                while (schedule.awaitNext()) {
                    granted.incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertThat(granted).hasValue(1_000);
    }

    @Test
    void pacesEventsAtTheRateUntilTheDeadline() {
        EventSchedule schedule = new EventSchedule(Long.MAX_VALUE, Duration.ofMillis(500), 100);
        long started = System.nanoTime();
        int granted = 0;
        while (schedule.awaitNext()) {
            granted++;
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // 100 events/s for 0.5 s: events are due at 0, 10, ... 500 ms. A loaded machine may fall behind, never ahead.
        assertThat(granted).isBetween(40, 51);
        assertThat(tookMillis).isBetween(490L, 2_000L);
    }

    @Test
    void stopEndsWaitingAtOnce() throws InterruptedException {
        EventSchedule schedule = new EventSchedule(Long.MAX_VALUE, null, 0.1);
        assertThat(schedule.awaitNext()).isTrue(); // the first event is due at once, the next in 10 s
        Thread stopper = new Thread(() -> {
            sleep(200);
            schedule.stop();
        });
        stopper.start();
        long started = System.nanoTime();

        assertThat(schedule.awaitNext()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        stopper.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
