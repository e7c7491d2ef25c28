package io.logcast.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.MDC;

/**
 * Worker threads that handle simulated {@link Storefront} requests, each event logged with the
 * request's MDC ({@code requestId}, {@code user}) when the {@link EventSchedule} allows it.
 */
final class TrafficGenerator {

    private final Storefront storefront = new Storefront();
    private final EventSchedule schedule;
    private final int threads;
    private final long seed;
    private final AtomicLong requestNumbers = new AtomicLong();
    private final LongAdder logged = new LongAdder();

    TrafficGenerator(EventSchedule schedule, int threads, long seed) {
        this.schedule = schedule;
        this.threads = threads;
        this.seed = seed;
    }

    /** Runs the workers until the schedule ends or is stopped; returns the number of events logged. */
    long run() throws InterruptedException {
        List<Thread> workers = new ArrayList<>(threads);
        for (int i = 1; i <= threads; i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            Thread worker = new Thread(() -> work(random), "worker-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return logged.sum();
    }

    /** Events logged so far (all of them once {@link #run()} returned). */
    long logged() {
        return logged.sum();
    }

    private void work(SplittableRandom random) {
        while (true) {
            Storefront.Request request = storefront.request(requestNumbers.incrementAndGet(), random);
            MDC.put("requestId", request.requestId);
            MDC.put("user", request.user);
            try {
                for (Runnable event : request.events) {
                    if (!schedule.awaitNext()) {
                        return;
                    }
                    event.run();
                    logged.increment();
                }
            } finally {
                MDC.clear();
            }
        }
    }
}
