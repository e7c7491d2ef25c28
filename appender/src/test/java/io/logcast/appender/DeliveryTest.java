package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.rabbitmq.client.Delivery;

import ch.qos.logback.core.status.Status;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** What fits in the buffer is delivered, across outages, cuts and shutdown. */
@RealBroker
class DeliveryTest {

    @Test
    void clusterAddressesAreTriedInOrderAndAfterALostConnectionTheNodeAfterTheOneLostIsTriedFirst(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-addresses");
        // two ways to the same broker stand for two nodes of a cluster
        try (TcpProxy first = TcpProxy.to(broker.host(), broker.port());
             TcpProxy second = TcpProxy.to(broker.host(), broker.port());
             CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            String addresses = first.host() + ":" + first.port() + "," + second.host() + ":" + second.port();
            String nodes = "[" + addresses + "]";
            try (LoggingFixture logging = LoggingFixture.start("addresses", broker.uri(), exchange, a -> a.setAddresses(addresses))) {
                logging.logger.info("event 0");
                captured.await(1, Duration.ofSeconds(30));
                assertThat(logging.statuses(Status.INFO)).contains("RabbitMQAppender [addresses]: connected to user 'guest' at "
                        + first.host() + ":" + first.port() + " of " + nodes + " vhost '/', publishing to exchange '" + exchange + "'");
                assertThat(second.openConnections()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> logging.appender.getConfirmedCount() == 1);

                first.cut();
                logging.logger.info("event 1");
                assertThat(captured.await(2, Duration.ofSeconds(30))).extracting(CapturedMessages::message).containsExactly("event 0", "event 1");
                assertThat(logging.statuses(Status.INFO)).anyMatch(line -> line.startsWith("RabbitMQAppender [addresses]: reconnected to user 'guest' at "
                        + second.host() + ":" + second.port() + " of " + nodes + " vhost '/'"));
                assertThat(first.openConnections()).isZero();
            }
        }
    }

    @Test
    void deliversEveryEventBufferedWhileTheBrokerWasUnreachableInOrder(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-buffered");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            try (LoggingFixture logging = LoggingFixture.start("buffered", proxy.rewrite(broker.uri()), exchange, a -> { })) {
                for (int i = 0; i < 1_000; i++) {
                    logging.logger.info("event {}", i);
                }
                assertThat(logging.appender.getBufferDepth()).isEqualTo(1_000);
                assertThat(logging.appender.getConfirmedCount()).isZero();

                proxy.resume();
                List<Delivery> received = captured.await(1_000, Duration.ofSeconds(30));

                assertThat(received.stream().map(CapturedMessages::message))
                        .containsExactlyElementsOf(IntStream.range(0, 1_000).mapToObj(i -> "event " + i).collect(Collectors.toList()));
                assertThat(received.stream().map(CapturedMessages::seq))
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 1_000).mapToObj(i -> (long) i).collect(Collectors.toList()));
                await().atMost(Duration.ofSeconds(10)).until(() -> logging.appender.getBufferDepth() == 0);
                assertThat(logging.appender.getDroppedCount()).isZero();
            }
        }
    }

    @Test
    void connectsToTheNextClusterAddressWhenOneIsDown(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-cluster");
        try (TcpProxy down = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            down.refuse();
            try (LoggingFixture logging = LoggingFixture.start("cluster", a -> {
                a.setUri(broker.uri());
                a.setAddresses(down.host() + ":" + down.port() + "," + broker.host() + ":" + broker.port());
                a.setExchange(exchange);
            })) {
                logging.logger.info("event 0");

                assertThat(captured.await(1, Duration.ofSeconds(20)).stream().map(CapturedMessages::message)).containsExactly("event 0");
                assertThat(logging.appender.getReconnectCount()).isZero();
            }
        }
    }

    @Test
    void deliversEverySeqAtLeastOnceWhileTheConnectionIsCutRepeatedly(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-cuts");
        int events = 50_000;
        int cuts = 4;
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("cuts", proxy.rewrite(broker.uri()), exchange, a -> {
                                        a.setBufferSize(events);
                })) {
            logging.logWhileCutting(proxy, events, cuts);
            await().atMost(Duration.ofSeconds(60)).until(() -> logging.appender.getBufferDepth() == 0);

            // Duplicates count towards the total: wait for the distinct seqs, not for a number of messages.
            await().atMost(Duration.ofSeconds(60)).until(() -> distinctSeqs(captured.all()).cardinality() == events);
            List<Delivery> received = captured.all();
            BitSet seen = distinctSeqs(received);
            for (Delivery delivery : received) {
                assertThat(CapturedMessages.message(delivery)).isEqualTo("event " + (CapturedMessages.seq(delivery) - 1));
            }
            int duplicates = received.size() - seen.cardinality();
            System.out.println("[at-least-once] " + events + " events, " + cuts + " cuts: " + received.size() + " messages, "
                    + duplicates + " duplicates, republished " + logging.appender.getRepublishedCount());
            assertThat(seen.cardinality()).isEqualTo(events);
            assertThat(seen.nextClearBit(1)).isEqualTo(events + 1);
            assertThat(duplicates).isLessThanOrEqualTo(cuts * ConfirmWindow.MAX_IN_FLIGHT_EVENTS);
            assertThat(duplicates).isLessThanOrEqualTo((int) logging.appender.getRepublishedCount());
            assertThat(logging.appender.getReconnectCount()).isGreaterThanOrEqualTo(cuts);
            assertThat(logging.appender.getDroppedCount()).isZero();
        }
    }

    private static BitSet distinctSeqs(List<Delivery> received) {
        BitSet seen = new BitSet();
        for (Delivery delivery : received) {
            seen.set((int) CapturedMessages.seq(delivery));
        }
        return seen;
    }

    @Test
    void dropsAndCountsWhenBufferIsFull(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-drops");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            try (LoggingFixture logging = LoggingFixture.start("drops", proxy.rewrite(broker.uri()), exchange, a -> {
                                a.setBufferSize(100);
            })) {
                for (int i = 0; i < 1_000; i++) {
                    logging.logger.info("event {}", i);
                }
                assertThat(logging.appender.getDroppedCount()).isEqualTo(900);
                assertThat(logging.appender.getBufferDepth()).isEqualTo(100);
                assertThat(logging.warnings().stream().filter(w -> w.contains("buffer full")))
                        .containsExactly("RabbitMQAppender [drops]: buffer full (100 events), dropping events; 1 dropped so far."
                                + " The broker is unreachable, blocked or slower than the application.");

                proxy.resume();
                List<Delivery> received = captured.await(101, Duration.ofSeconds(30));

                List<String> messages = received.stream().map(CapturedMessages::message).collect(Collectors.toList());
                List<String> reports = messages.stream().filter(m -> m.contains("dropped")).collect(Collectors.toList());
                List<String> delivered = messages.stream().filter(m -> !m.contains("dropped")).collect(Collectors.toList());
                assertThat(reports).containsExactly(
                        "900 events dropped by appender [drops] because its buffer (100 events) was full; they were never sent");
                assertThat(received.stream().filter(d -> CapturedMessages.message(d).contains("dropped"))
                        .map(d -> CapturedMessages.header(d, "level"))).containsExactly("WARN");
                assertThat(delivered).containsExactlyElementsOf(
                        IntStream.range(0, 100).mapToObj(i -> "event " + i).collect(Collectors.toList()));
                assertThat(delivered.size() + logging.appender.getDroppedCount()).isEqualTo(1_000);
            }
        }
    }

    @Test
    void waitsAtMostTheAppendTimeoutForRoomThenDrops(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-append-timeout");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port())) {
            proxy.refuse();
            try (LoggingFixture logging = LoggingFixture.start("append-timeout", proxy.rewrite(broker.uri()), exchange, a -> {
                a.setBufferSize(10);
                a.setAppendTimeout(ch.qos.logback.core.util.Duration.buildByMilliseconds(300));
            })) {
                for (int i = 0; i < 10; i++) {
                    logging.logger.info("event {}", i);
                }
                long start = System.nanoTime();
                logging.logger.info("event 10");
                long waitedMillis = (System.nanoTime() - start) / 1_000_000L;

                assertThat(waitedMillis).isBetween(300L, 2_000L);
                assertThat(logging.appender.getDroppedCount()).isEqualTo(1);
                assertThat(logging.appender.getBufferDepth()).isEqualTo(10);
            }
        }
    }

    @Test
    void stopDeliversEveryBufferedEventWithinTheGracePeriodAndLeavesNoThread(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-stop");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            proxy.refuse();
            LoggingFixture logging = LoggingFixture.start("stop-drain", proxy.rewrite(broker.uri()), exchange, a -> {
                a.setBufferSize(16_384); // the default shutdownGracePeriod, 10 s, applies
            });
            for (int i = 0; i < 10_000; i++) {
                logging.logger.info("event {}", i);
            }
            assertThat(logging.appender.getBufferDepth()).isEqualTo(10_000);
            proxy.resume();

            long start = System.nanoTime();
            logging.context.stop();
            long stopMillis = (System.nanoTime() - start) / 1_000_000L;
            System.out.println("[stop] drained 10000 buffered events in " + stopMillis + " ms");

            assertThat(stopMillis).as("stop() within the default grace period").isLessThan(10_000);
            assertThat(logging.appender.getBufferDepth()).isZero();
            assertThat(logging.appender.getConfirmedCount()).isEqualTo(10_000);
            assertThat(logging.statuses(Status.INFO)).anyMatch(s -> s.contains("every buffered event was delivered"));
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t instanceof AppenderThread).map(Thread::getName))
                    .as("publisher and amqp-client threads of every appender").isEmpty();
            List<Delivery> received = captured.await(10_000, Duration.ofSeconds(20));
            assertThat(received.stream().map(CapturedMessages::message))
                    .containsExactlyElementsOf(IntStream.range(0, 10_000).mapToObj(i -> "event " + i).collect(Collectors.toList()));
        }
    }
}
