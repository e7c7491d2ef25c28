package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.status.Status;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

import io.logcast.core.WireContract;

/** Batching (opt in): several JSON events per message, each event still numbered, ordered, confirmed and delivered. */
@RealBroker
class BatchingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as read back from a (possibly batched) message. */
    private static final class Line {
        final long seq;
        final String level;
        final String message;

        Line(long seq, String level, String message) {
            this.seq = seq;
            this.level = level;
            this.message = message;
        }
    }

    @Test
    void batchesCarryEveryEventOnceInOrderWithItsOwnLevelAndContentAndTheDropReport(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-batch");
        int events = 3_000;
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            LoggingFixture logging = LoggingFixture.start("batch", proxy.rewrite(broker.uri()), exchange, a -> {
                a.setBufferSize(events);
                a.setMaxBatchEvents(50);
            });
            for (int i = 0; i < events + 100; i++) {
                logging.logger.atLevel(org.slf4j.event.Level.valueOf(levelOf(i).toString())).log("event {}", i); // the last 100 do not fit: one drop report
            }
            assertThat(logging.appender.getBufferDepth()).isEqualTo(events);
            proxy.resume();
            await().atMost(Duration.ofSeconds(30)).until(() -> logging.appender.getConfirmedCount() > 0);
            logging.context.stop(); // drains the rest in batches

            assertThat(logging.appender.getBufferDepth()).isZero();
            assertThat(logging.statuses(Status.INFO)).anyMatch(s -> s.contains("every buffered event was delivered"));
            await().atMost(Duration.ofSeconds(20)).until(() -> eventsIn(captured.all()) >= events + 1);
            List<Delivery> received = captured.all();
            String producer = (String) CapturedMessages.header(received.get(0), "producer");

            List<Line> lines = new ArrayList<>();
            Set<String> batchLevels = new TreeSet<>();
            int largest = 0;
            long expectedSeq = 1;
            for (Delivery delivery : received) {
                List<Line> batch = linesOf(delivery);
                assertThat(countOf(delivery)).as("event_count").isEqualTo(batch.size());
                assertThat(CapturedMessages.header(delivery, WireContract.HEADER_EVENT_COUNT) == null).as("event_count only on batches")
                        .isEqualTo(batch.size() == 1);
                assertThat(CapturedMessages.seq(delivery)).as("seq of the first event").isEqualTo(expectedSeq);
                assertThat(delivery.getProperties().getMessageId()).isEqualTo(producer + "-" + expectedSeq);
                String highest = batch.stream().map(l -> Level.toLevel(l.level)).max((x, y) -> Integer.compare(x.toInt(), y.toInt()))
                        .orElseThrow().toString();
                assertThat(CapturedMessages.header(delivery, "level")).as("level header: the highest").isEqualTo(highest);
                if (batch.size() > 1) {
                    batchLevels.add(highest);
                }
                largest = Math.max(largest, batch.size());
                expectedSeq += batch.size();
                lines.addAll(batch);
            }

            assertThat(lines.get(0).message).isEqualTo("100 events dropped by appender [batch] because its buffer (3000 events) was full;"
                    + " they were never sent");
            assertThat(lines.get(0).level).isEqualTo("WARN");
            List<Line> logged = lines.subList(1, lines.size());
            assertThat(logged.stream().map(l -> l.message))
                    .containsExactlyElementsOf(IntStream.range(0, events).mapToObj(i -> "event " + i).collect(Collectors.toList()));
            assertThat(logged.stream().map(l -> l.level))
                    .containsExactlyElementsOf(IntStream.range(0, events).mapToObj(i -> levelOf(i).toString()).collect(Collectors.toList()));
            assertThat(lines.stream().map(l -> l.seq)).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, events + 1).mapToObj(i -> (long) i).collect(Collectors.toList()));
            assertThat(largest).isEqualTo(50);
            assertThat(received.size()).isLessThanOrEqualTo(1 + events / 10);
            assertThat(batchLevels).contains("ERROR", "WARN");
            assertThat(logging.appender.getConfirmedCount()).isEqualTo(received.size());
            System.out.println("[batching] " + (events + 1) + " events in " + received.size() + " messages");
        }
    }

    @Test
    void maxBatchBytesCapsEachBatchAndAnEventLargerThanItGoesAlone(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-batch-bytes");
        String big = "x".repeat(5_000);
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            try (LoggingFixture logging = LoggingFixture.start("batch-bytes", proxy.rewrite(broker.uri()), exchange, a -> {
                a.setMaxBatchEvents(1_000);
                a.setMaxBatchBytes(2_000);
            })) {
                for (int i = 0; i < 100; i++) {
                    logging.logger.info(i == 50 ? big : "event " + i);
                }
                proxy.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> eventsIn(captured.all()) >= 100);

                List<Delivery> received = captured.all();
                List<String> messages = new ArrayList<>();
                for (Delivery delivery : received) {
                    List<Line> batch = linesOf(delivery);
                    if (batch.stream().anyMatch(l -> l.message.equals(big))) {
                        assertThat(batch).as("the large event goes alone").hasSize(1);
                        assertThat(delivery.getBody().length).isGreaterThan(5_000);
                    } else {
                        assertThat(delivery.getBody().length).isLessThanOrEqualTo(2_000);
                    }
                    batch.forEach(l -> messages.add(l.message));
                }
                assertThat(messages).containsExactlyElementsOf(
                        IntStream.range(0, 100).mapToObj(i -> i == 50 ? big : "event " + i).collect(Collectors.toList()));
                assertThat(received.size()).isBetween(4, 40);
            }
        }
    }

    @Test
    void lingerTimeGathersEventsLoggedOneAfterAnotherAndNeverHoldsOneLonger(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-batch-linger");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("batch-linger", broker.uri(), exchange, a -> {
                    a.setMaxBatchEvents(100);
                    a.setLingerTime(ch.qos.logback.core.util.Duration.buildByMilliseconds(300));
                })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> logging.statuses(Status.INFO).stream().anyMatch(s -> s.contains("connected")));

            long start = System.nanoTime();
            logging.logger.info("alone");
            List<Delivery> first = captured.await(1, Duration.ofSeconds(10));
            long tookMillis = (System.nanoTime() - start) / 1_000_000L;
            assertThat(first).hasSize(1);
            assertThat(tookMillis).as("waited the linger time for more, no longer").isBetween(300L, 3_000L);

            for (int i = 0; i < 10; i++) {
                logging.logger.info("event {}", i);
            }
            List<Delivery> received = captured.await(2, Duration.ofSeconds(10));
            assertThat(received).hasSize(2);
            assertThat(CapturedMessages.header(received.get(1), WireContract.HEADER_EVENT_COUNT)).isEqualTo(10);
            assertThat(linesOf(received.get(1)).stream().map(l -> l.message))
                    .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "event " + i).collect(Collectors.toList()));
            assertThat(CapturedMessages.seq(received.get(1))).isEqualTo(2L);
        }
    }

    @Test
    void deliversEverySeqAtLeastOnceWhileTheConnectionIsCutRepeatedly(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-batch-cuts");
        int events = 30_000;
        int cuts = 3;
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("batch-cuts", proxy.rewrite(broker.uri()), exchange, a -> {
                    a.setBufferSize(events);
                    a.setMaxBatchEvents(100);
                })) {
            logging.logWhileCutting(proxy, events, cuts);
            await().atMost(Duration.ofSeconds(60)).until(() -> logging.appender.getBufferDepth() == 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> distinctSeqs(captured.all()).cardinality() == events);

            List<Delivery> received = captured.all();
            int lines = 0;
            for (Delivery delivery : received) {
                for (Line line : linesOf(delivery)) {
                    assertThat(line.message).isEqualTo("event " + (line.seq - 1));
                    lines++;
                }
            }
            BitSet seen = distinctSeqs(received);
            int duplicates = lines - seen.cardinality();
            System.out.println("[batching at-least-once] " + events + " events, " + cuts + " cuts: " + received.size() + " messages, "
                    + duplicates + " duplicate events, republished messages " + logging.appender.getRepublishedCount());
            assertThat(seen.nextClearBit(1)).isEqualTo(events + 1);
            assertThat(duplicates).as("the in-flight window counts events").isLessThanOrEqualTo(cuts * ConfirmWindow.MAX_IN_FLIGHT_EVENTS);
            assertThat(received.size()).isLessThan(events / 2);
            assertThat(logging.appender.getReconnectCount()).isGreaterThanOrEqualTo(cuts);
            assertThat(logging.appender.getDroppedCount()).isZero();
        }
    }

    @Test
    void aTextEncoderPublishesUnbatchedWithOneWarning(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-batch-text");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            try (LoggingFixture logging = LoggingFixture.start("batch-text", proxy.rewrite(broker.uri()), exchange, a -> {
                PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                encoder.setContext(a.getContext());
                encoder.setPattern("%level %msg%n");
                encoder.start();
                a.setEncoder(encoder);
                a.setMaxBatchEvents(10);
            })) {
                for (int i = 0; i < 5; i++) {
                    logging.logger.info("event {}", i); // buffered together: batched, were batching on
                }
                proxy.resume();
                List<Delivery> received = captured.await(5, Duration.ofSeconds(20));

                assertThat(received.stream().map(CapturedMessages::body))
                        .containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(i -> "INFO event " + i + "\n").collect(Collectors.toList()));
                assertThat(received.stream().map(CapturedMessages::seq)).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(received).allMatch(d -> CapturedMessages.header(d, WireContract.HEADER_EVENT_COUNT) == null);
                assertThat(logging.warnings().stream().filter(w -> w.contains("maxBatchEvents"))).containsExactly(
                        "RabbitMQAppender [batch-text]: maxBatchEvents 10 ignored: batching needs a JSON encoder (one event per line), and "
                                + PatternLayoutEncoder.class.getName() + " gives 'text/plain; charset=utf-8'; events are published one per message");
            }
        }
    }

    @Test
    void anUnusableBatchSettingIsOneErrorAndTheAppenderDoesNotStart() {
        try (LoggingFixture logging = LoggingFixture.start("batch-bad", a -> a.setMaxBatchEvents(1_001))) {
            assertThat(logging.appender.isStarted()).isFalse();
            assertThat(logging.errors()).containsExactly("RabbitMQAppender [batch-bad]: maxBatchEvents must be between 1 (no batching)"
                    + " and 1000, not 1001; the appender does not start and the application goes on without it");
        }
    }

    private static Level levelOf(int i) {
        return i % 97 == 0 ? Level.ERROR : i % 11 == 0 ? Level.WARN : i % 3 == 0 ? Level.DEBUG : Level.INFO;
    }

    /** The events of one message, with their seqs: the message's seq, then one more per line. */
    private static List<Line> linesOf(Delivery delivery) {
        String[] bodies = CapturedMessages.body(delivery).split("\n");
        long seq = CapturedMessages.seq(delivery);
        List<Line> lines = new ArrayList<>(bodies.length);
        for (String body : bodies) {
            try {
                JsonNode event = JSON.readTree(body);
                lines.add(new Line(seq++, event.get("level").asText(), event.get("formattedMessage").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("not one JSON event per line: " + body, e);
            }
        }
        return lines;
    }

    /** Events in one message, from its headers alone, as a consumer that does not parse bodies counts them. */
    private static int countOf(Delivery delivery) {
        Object count = CapturedMessages.header(delivery, WireContract.HEADER_EVENT_COUNT);
        return count == null ? 1 : ((Number) count).intValue();
    }

    private static int eventsIn(List<Delivery> received) {
        return received.stream().mapToInt(BatchingTest::countOf).sum();
    }

    /** The seqs received, from the headers: seq .. seq + event_count - 1 per message. */
    private static BitSet distinctSeqs(List<Delivery> received) {
        BitSet seen = new BitSet();
        for (Delivery delivery : received) {
            int first = (int) CapturedMessages.seq(delivery);
            seen.set(first, first + countOf(delivery));
        }
        return seen;
    }
}
