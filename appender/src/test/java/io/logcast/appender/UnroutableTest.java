package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

/** Events the broker confirms while no queue is bound reach nobody: counted, and said once per episode with their number. */
@RealBroker
class UnroutableTest {

    @Test
    void eventsPublishedWhileNoQueueIsBoundAreCountedAndSaidOnceWhenAQueueTakesEventsAgain(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-unbound");
        try (LoggingFixture logging = LoggingFixture.start("unbound", broker.uri(), exchange, a -> { })) {
            for (int i = 0; i < 25; i++) {
                logging.logger.info("nobody hears event {}", i);
            }
            // RabbitMQ returns each one, then confirms it; Qpid Broker-J nacks it, then returns it
            await().atMost(Duration.ofSeconds(20)).until(() -> logging.appender.getUnroutableCount() == 25);
            await().atMost(Duration.ofSeconds(20)).until(() -> logging.appender.getBufferDepth() == 0);
            assertThat(logging.appender.getRepublishedCount()).as("nobody can receive it: never published again").isZero();
            assertThat(logging.appender.getNackedCount()).isZero();
            long confirmedBefore = logging.appender.getConfirmedCount();
            assertThat(logging.warnings()).isEmpty();
            assertThat(logging.statuses(Status.INFO)).contains("RabbitMQAppender [unbound]: exchange '" + exchange + "' routes events"
                    + " to no queue (none is bound): the broker discards them; counting them until a queue takes events again");

            try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
                for (int i = 0; i < 10; i++) {
                    logging.logger.info("heard event {}", i);
                }
                List<Delivery> received = captured.await(10, Duration.ofSeconds(20));

                assertThat(received.stream().map(CapturedMessages::message))
                        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "heard event " + i).collect(Collectors.toList()));
                await().atMost(Duration.ofSeconds(10)).until(() -> logging.appender.getConfirmedCount() == confirmedBefore + 10);
                assertThat(logging.appender.getUnroutableCount()).isEqualTo(25);
                assertThat(logging.warnings()).containsExactly("RabbitMQAppender [unbound]: 25 events reached exchange '" + exchange
                        + "' while no queue was bound to it (until a queue was bound); the broker discarded them (UnroutableCount 25)");
            }
        }
    }

    @Test
    void aReturnedBatchCountsAsItsEvents(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-unbound-batch");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port())) {
            proxy.refuse(); // the events wait in the buffer, and go out in batches
            try (LoggingFixture logging = LoggingFixture.start("unbound-batch", proxy.rewrite(broker.uri()), exchange, a -> a.setMaxBatchEvents(40))) {
                for (int i = 0; i < 300; i++) {
                    logging.logger.info("event {}", i);
                }
                proxy.resume();
                await().atMost(Duration.ofSeconds(20)).until(() -> logging.appender.getBufferDepth() == 0);

                assertThat(logging.appender.getUnroutableCount()).isEqualTo(300);
                assertThat(logging.appender.getPublishedCount()).as("messages").isBetween(8L, 299L);
                assertThat(logging.appender.getRepublishedCount()).isZero();
                logging.context.stop();
                assertThat(logging.warnings().stream().filter(w -> w.contains("reached exchange"))).containsExactly("RabbitMQAppender [unbound-batch]: 300 events reached exchange '" + exchange
                        + "' while no queue was bound to it (until the appender stopped); the broker discarded them (UnroutableCount 300)");
            } finally {
                deleteExchange(broker, exchange);
            }
        }
    }

    private static void deleteExchange(TestBroker broker, String exchange) throws Exception {
        try (com.rabbitmq.client.Connection connection = broker.newConnection("appender-test-cleanup")) {
            connection.createChannel().exchangeDelete(exchange);
        }
    }
}
