package io.logcast.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
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
 * streaming confirms (at most {@link #WINDOW} unconfirmed, as the appender), the same body bytes and
 * headers as a logcast event, a fanout exchange, two server-named exclusive queues; one consumer
 * writes each body as a line to a file, the other discards. Both consume as the collectors do
 * (prefetch 250, a multiple ack every 125); the file is flushed before each ack, so an acknowledged
 * event is in the file.
 */
final class RawCeiling {

    static final int WINDOW = 1000;
    private static final int PREFETCH = 250;
    private static final int ACK_EVERY = PREFETCH / 2;

    private RawCeiling() {
    }

    /** Publishes {@code events} bodies; returns the seconds until the last one is in {@code file}. */
    static double run(String uri, byte[] body, int events, Path file) throws Exception {
        String exchange = LocalBroker.uniqueExchange("raw");
        try (Connection publisherConnection = LocalBroker.connect(uri, "logcast-bench R publisher");
             Connection fileConnection = LocalBroker.connect(uri, "logcast-bench R file consumer");
             Connection discardConnection = LocalBroker.connect(uri, "logcast-bench R discarding consumer");
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Channel publisher = publisherConnection.createChannel();
            publisher.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, false, null);
            CountDownLatch inFile = new CountDownLatch(1);
            consume(fileConnection.createChannel(), exchange, events, inFile, out);
            consume(discardConnection.createChannel(), exchange, events, new CountDownLatch(1), null);

            publisher.confirmSelect();
            Semaphore window = new Semaphore(WINDOW);
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
    private static AMQP.BasicProperties properties(String producer, long seq) {
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
    private static void consume(Channel channel, String exchange, int events, CountDownLatch all, OutputStream out) throws IOException {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");
        channel.basicQos(PREFETCH);
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
                if (++unacknowledged >= ACK_EVERY || received == events) {
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
