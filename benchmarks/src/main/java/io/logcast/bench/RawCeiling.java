package io.logcast.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.logcast.core.WireContract;

/**
 * R, the broker's ceiling for logcast's topology with the raw amqp-client: one publisher with
 * streaming confirms, the same body bytes and headers as a logcast event, a fanout exchange, two
 * server-named exclusive queues; one consumer writes each body as a line to a file, the other
 * discards. Each consumer acknowledges with a multiple ack every {@link Settings#ackEvery()}
 * messages, the file flushed before each ack, so an acknowledged event is in the file. The
 * {@link Settings} are the raw client's best on this topology ({@link #BEST}, found with
 * {@link #main}), so that R is the ceiling and not a copy of logcast's own choices.
 *
 * <pre>
 * java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.RawCeiling [--events 100000] [--rounds 3]
 *      PREFETCH/ACK_EVERY/UNCONFIRMED ...   (for example 250/125/1000 1000/500/10000)
 * </pre>
 * runs each setting once per round, alternated, and prints each figure and the medians.
 */
final class RawCeiling {

    /**
     * How the raw client publishes and consumes.
     *
     * @param prefetch    basic.qos of each consumer
     * @param ackEvery    a multiple ack every this many messages (and at the last)
     * @param unconfirmed the most messages published and not yet confirmed
     */
    record Settings(int prefetch, int ackEvery, int unconfirmed) {
        static Settings parse(String text) {
            String[] parts = text.split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a setting is PREFETCH/ACK_EVERY/UNCONFIRMED, not " + text);
            }
            return new Settings(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        @Override
        public String toString() {
            return "prefetch " + prefetch + ", ack every " + ackEvery + ", at most " + unconfirmed + " unconfirmed";
        }
    }

    /** The fastest settings measured on the benchmark machine, first in both sweeps of docs/BENCHMARKS.md, part 2. */
    static final Settings BEST = new Settings(250, 125, 10_000);

    private RawCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int events = 100_000;
        int rounds = 3;
        List<Settings> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> settings.add(Settings.parse(args[i]));
            }
        }
        if (settings.isEmpty()) {
            settings.add(BEST);
        }
        String uri = LocalBroker.uri();
        byte[] body = TypicalEvent.jsonBody();
        Path file = Files.createTempFile("logcast-raw-", ".log");
        System.out.println("events per round: " + events + ", rounds: " + rounds + " (+ round 0, warm-up, not counted)");
        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());
        Map<Settings, List<Double>> rates = new LinkedHashMap<>();
        try {
            for (int round = 0; round <= rounds; round++) {
                for (Settings each : settings) {
                    double rate = events / run(uri, body, events, file, each);
                    System.out.printf("round %d: %s: %,.0f events/s%n", round, each, rate);
                    if (round > 0) {
                        rates.computeIfAbsent(each, unused -> new ArrayList<>()).add(rate);
                    }
                }
                System.out.println("  load " + Files.readString(Path.of("/proc/loadavg")).strip());
            }
        } finally {
            Files.deleteIfExists(file);
        }
        rates.forEach((each, figures) -> {
            List<Double> sorted = new ArrayList<>(figures);
            sorted.sort(null);
            System.out.printf("%s: median %,.0f events/s (%,.0f to %,.0f)%n", each, sorted.get(sorted.size() / 2),
                    sorted.get(0), sorted.get(sorted.size() - 1));
        });
        System.exit(0);
    }

    /** Publishes {@code events} bodies; returns the seconds until the last one is in {@code file}. */
    static double run(String uri, byte[] body, int events, Path file, Settings settings) throws Exception {
        String exchange = LocalBroker.uniqueExchange("raw");
        try (Connection publisherConnection = LocalBroker.connect(uri, "logcast-bench R publisher");
             Connection fileConnection = LocalBroker.connect(uri, "logcast-bench R file consumer");
             Connection discardConnection = LocalBroker.connect(uri, "logcast-bench R discarding consumer");
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Channel publisher = publisherConnection.createChannel();
            publisher.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, false, null);
            CountDownLatch inFile = new CountDownLatch(1);
            consume(fileConnection.createChannel(), exchange, events, settings, inFile, out);
            consume(discardConnection.createChannel(), exchange, events, settings, new CountDownLatch(1), null);

            publisher.confirmSelect();
            Semaphore window = new Semaphore(settings.unconfirmed());
            NavigableSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
            AtomicLong nacked = new AtomicLong();
            publisher.addConfirmListener((tag, multiple) -> settle(unconfirmed, window, tag, multiple),
                    (tag, multiple) -> nacked.addAndGet(settle(unconfirmed, window, tag, multiple)));

            String producer = UUID.randomUUID().toString();
            long started = System.nanoTime();
            for (long seq = 1; seq <= events; seq++) {
                window.acquire();
                unconfirmed.add(publisher.getNextPublishSeqNo());
                publisher.basicPublish(exchange, "", false, properties(producer, seq), body);
            }
            if (!inFile.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("R: the file consumer did not receive every event within 2 minutes");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (nacked.get() > 0) {
                System.out.println("  R: the broker nacked " + nacked.get() + " messages");
            }
            publisher.exchangeDelete(exchange);
            return seconds;
        }
    }

    private static int settle(NavigableSet<Long> unconfirmed, Semaphore window, long tag, boolean multiple) {
        int settled = 0;
        if (multiple) {
            NavigableSet<Long> head = unconfirmed.headSet(tag, true);
            while (head.pollFirst() != null) {
                settled++;
            }
        } else if (unconfirmed.remove(tag)) {
            settled = 1;
        }
        window.release(settled);
        return settled;
    }

    /** The properties and headers logcast's appender sends with each event (wire contract). */
    static AMQP.BasicProperties properties(String producer, long seq) {
        long now = System.currentTimeMillis();
        Map<String, Object> headers = new HashMap<>(12);
        headers.put(WireContract.HEADER_LEVEL, "INFO");
        headers.put(WireContract.HEADER_LOGGER, TypicalEvent.LOGGER);
        headers.put(WireContract.HEADER_THREAD, "main");
        headers.put(WireContract.HEADER_EVENT_TIME, now);
        headers.put(WireContract.HEADER_HOST, "localhost");
        headers.put(WireContract.HEADER_APP, "shop");
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, seq);
        return new AMQP.BasicProperties.Builder()
                .contentType(WireContract.CONTENT_TYPE_JSON)
                .appId("shop")
                .timestamp(new Date(now))
                .deliveryMode(1)
                .messageId(WireContract.messageId(producer, seq))
                .headers(headers)
                .build();
    }

    /** A consumer on a server-named exclusive queue; writes lines to {@code out} unless it is null. */
    private static void consume(Channel channel, String exchange, int events, Settings settings, CountDownLatch all, OutputStream out)
            throws IOException {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");
        channel.basicQos(settings.prefetch());
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            private int received;
            private int unacknowledged;

            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                if (out != null) {
                    out.write(body);
                    if (body.length == 0 || body[body.length - 1] != '\n') {
                        out.write('\n');
                    }
                }
                received++;
                if (++unacknowledged >= settings.ackEvery() || received == events) {
                    if (out != null) {
                        out.flush();
                    }
                    channel.basicAck(envelope.getDeliveryTag(), true);
                    unacknowledged = 0;
                }
                if (received == events) {
                    all.countDown();
                }
            }
        });
    }
}
