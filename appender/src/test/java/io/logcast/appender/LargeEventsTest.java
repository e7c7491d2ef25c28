package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** An event larger than maxMessageBytes (1 MiB by default) is published cut, marked and counted; the next one is whole. */
@RealBroker
class LargeEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void aHugeMessageAndAHugeStackTraceArriveCutMarkedAndCountedAndTheNextEventWhole(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-large");
        String huge = "0123456789abcdef".repeat(5 * ONE_MIB / 16); // 5 MiB
        IllegalStateException deep = new IllegalStateException("recursion went too deep");
        StackTraceElement[] frames = new StackTraceElement[100_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("app.TreeWalker", "visit", "TreeWalker.java", i + 1);
        }
        deep.setStackTrace(frames);

        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("large", broker.uri(), exchange, a -> { })) {
            logging.logger.info(huge);
            logging.logger.error("walking the tree failed", deep);
            logging.logger.info("after the large ones");

            List<Delivery> received = captured.await(3, Duration.ofSeconds(30));
            assertThat(received).hasSize(3);
            assertThat(received).allMatch(d -> d.getBody().length <= ONE_MIB);

            String first = CapturedMessages.message(received.get(0));
            int kept = first.indexOf(" [truncated ");
            assertThat(first).isEqualTo(huge.substring(0, kept) + " [truncated " + (huge.length() - kept) + " bytes]");
            assertThat(kept).isGreaterThan(ONE_MIB / 4);

            JsonNode second = JSON.readTree(received.get(1).getBody());
            assertThat(second.get("formattedMessage").asText()).isEqualTo("walking the tree failed");
            assertThat(second.get("throwable").get("className").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(second.get("throwable").get("message").asText()).matches("recursion went too deep \\[truncated \\d+ bytes]");
            assertThat(second.get("throwable").get("stepArray").size()).isBetween(1_000, frames.length - 1);

            assertThat(CapturedMessages.message(received.get(2))).isEqualTo("after the large ones");
            assertThat(CapturedMessages.seq(received.get(2))).isEqualTo(3L);
            assertThat(logging.appender.getTruncatedCount()).isEqualTo(2);
            assertThat(logging.appender.getUnencodableCount()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> logging.appender.getConfirmedCount() == 3);
            assertThat(logging.warnings()).hasSize(1);
            assertThat(logging.warnings().get(0)).startsWith("RabbitMQAppender [large]: an event from logger app.orders encodes to ")
                    .contains(" bytes, more than maxMessageBytes (1048576): published cut to ");
        }
    }
}
