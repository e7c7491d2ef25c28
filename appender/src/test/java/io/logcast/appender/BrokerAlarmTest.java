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
import io.logcast.test.RabbitNode;
import io.logcast.test.RequiresRabbitServer;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** A broker alarm (connection.blocked) stops publishing, never the application. The alarm is raised on a node of the test's own. */
@RequiresRabbitServer
class BrokerAlarmTest {

    @Test
    void keepsBufferingWithoutBlockingWhileTheBrokerBlocksPublishingAndDeliversWhenTheAlarmClears(RabbitNode scratch) throws Exception {
        TestBroker broker = scratch.broker();
        String exchange = Queues.uniqueExchange("logs-alarm");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("alarm", broker.uri(), exchange, a -> { })) {
            logging.logger.info("event 0");
            assertThat(captured.await(1, Duration.ofSeconds(20))).hasSize(1);

            long maxCallNanos = 0;
            try {
                scratch.raiseMemoryAlarm();
                for (int i = 1; i <= 2_000; i++) {
                    long start = System.nanoTime();
                    logging.logger.info("event {}", i);
                    maxCallNanos = Math.max(maxCallNanos, System.nanoTime() - start);
                    if (i == 1) {
                        await().atMost(Duration.ofSeconds(20)).until(() -> logging.warnings().stream()
                                .anyMatch(w -> w.startsWith("RabbitMQAppender [alarm]: the broker blocked publishing")));
                    }
                }
                assertThat(logging.appender.getBufferDepth()).as("held while blocked").isGreaterThan(0);
            } finally {
                scratch.clearMemoryAlarm();
            }
            System.out.println("[alarm] max log call while blocked: " + maxCallNanos / 1_000 + " us");
            assertThat(maxCallNanos).isLessThan(500_000_000L);

            List<Delivery> received = captured.await(2_001, Duration.ofSeconds(30));
            assertThat(received.stream().map(CapturedMessages::message))
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 2_000).mapToObj(i -> "event " + i).collect(Collectors.toList()));
            assertThat(logging.statuses(Status.INFO)).contains("RabbitMQAppender [alarm]: the broker unblocked publishing");
            assertThat(logging.appender.getDroppedCount()).isZero();
        }
    }
}
