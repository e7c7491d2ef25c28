package io.logcast.test;

import java.io.IOException;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * Watches the run's shared broker (the developer's RabbitMQ) from the moment the run resolves it,
 * through a connection of its own that publishes an empty, unroutable message every 200 ms. A restart
 * ({@code stop_app}, a stopped or killed node) closes that connection; a resource alarm blocks it
 * (RabbitMQ blocks only connections that publish). {@link #verifyUntouched()} fails with what happened.
 */
final class SharedBrokerWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;

    private final String broker;
    private final Connection connection;
    private final ScheduledExecutorService publisher;
    private final List<String> incidents = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean closing;

    private SharedBrokerWatch(String broker, Connection connection) throws IOException {
        this.broker = broker;
        this.connection = connection;
        connection.addBlockedListener(reason -> incidents.add(now() + " the broker blocked publishing (" + reason + "): a resource alarm"),
                () -> { }); // the alarm was reported when it began
        connection.addShutdownListener(cause -> {
            if (!closing) {
                incidents.add(now() + " the broker closed the watch's connection (" + cause.getMessage() + "): a restart or a stop");
            }
        });
        Channel channel = connection.createChannel();
        String nowhere = "logcast-test-watch-" + UUID.randomUUID();
        this.publisher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "shared-broker-watch");
            thread.setDaemon(true);
            return thread;
        });
        publisher.scheduleWithFixedDelay(() -> {
            try {
                channel.basicPublish("", nowhere, null, new byte[0]);
                published.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    incidents.add(now() + " the watch could not publish: " + e);
                }
                throw new IllegalStateException(e); // ends the schedule: the connection is gone
            }
        }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Opens the watch's connection to {@code broker}. */
    static SharedBrokerWatch start(TestBroker broker) throws IOException {
        return new SharedBrokerWatch(broker.describe(), broker.newConnection("logcast-test-watch"));
    }

    /** How many messages the watch published so far: the broker answered as many rounds of its watch. */
    long published() {
        return published.get();
    }

    /**
     * Throws when the broker was restarted, stopped or alarmed since the watch started or since the
     * last call that threw: each incident fails one check, the first after it.
     *
     * @throws AssertionError naming each incident and its time
     */
    void verifyUntouched() {
        if (incidents.isEmpty()) {
            return;
        }
        List<String> seen = new ArrayList<>(incidents);
        incidents.removeAll(seen);
        throw new AssertionError("the shared broker " + broker + " was restarted or alarmed during this test run: "
                + String.join("; ", seen) + ". A test that restarts, alarms or reconfigures a broker uses a RabbitNode of its own.");
    }

    @Override
    public void close() {
        closing = true;
        publisher.shutdownNow();
        connection.abort();
    }

    private static LocalTime now() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
