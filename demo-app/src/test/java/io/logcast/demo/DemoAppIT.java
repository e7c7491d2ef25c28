package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import io.logcast.test.CommandResult;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** The demo application as users run it: the shaded jar, as a process of its own, against a real broker. */
@RealBroker
class DemoAppIT {

    private static final int COUNT = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deliversExactlyTheCountedEventsWithMdcEveryLevelAndCausesAndSummarisesTheAppenderCounters(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-demo");
        try (Connection connection = broker.newConnection("demo-app-it")) {
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, exchange);
            try {
                String queue = Queues.bindTemporaryQueue(channel, exchange);

                CommandResult run = DemoProcesses.java(Duration.ofSeconds(90),
                        "-jar", DemoProcesses.demoJar().toString(),
                        "--count", String.valueOf(COUNT), "--rate", "0", "--threads", "3",
                        "--uri", broker.uri(), "--exchange", exchange);

                assertThat(run.exitCode()).as(run.output()).isZero();
                assertThat(run.output())
                        .contains("logcast demo: " + COUNT + " events logged in ")
                        .contains("logcast demo: appender RABBITMQ: " + COUNT + " published, " + COUNT + " confirmed, 0 dropped")
                        .doesNotContain("logback ERROR")
                        // the appender connects after SLF4J's initialisation, so SLF4J has nothing to replay
                        .doesNotContain("SLF4J(W)")
                        // the URI's password never appears in any output
                        .doesNotContain("guest:guest");

                // The process exited after the appender drained: every confirmed event is in the queue.
                List<GetResponse> messages = Queues.awaitMessages(channel, queue, COUNT, Duration.ofSeconds(10));
                assertThat(messages).hasSize(COUNT);
                assertThat(channel.basicGet(queue, true)).as("no event beyond the count").isNull();

                Map<String, Integer> levels = new TreeMap<>();
                List<JsonNode> errors = new ArrayList<>();
                for (GetResponse message : messages) {
                    JsonNode event = JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
                    String level = event.path("level").asText();
                    levels.merge(level, 1, Integer::sum);
                    assertThat(message.getProps().getHeaders().get("level")).hasToString(level);
                    assertThat(message.getProps().getAppId()).isEqualTo("logcast-demo");
                    assertThat(event.path("mdc").path("requestId").asText()).matches("req-\\d{6}-[0-9a-f]{4}");
                    assertThat(event.path("mdc").path("user").asText()).isNotBlank();
                    assertThat(event.path("threadName").asText()).matches("worker-[1-3]");
                    assertThat(event.path("loggerName").asText()).startsWith("io.logcast.demo.shop.");
                    if (level.equals("ERROR")) {
                        errors.add(event);
                    }
                }

                assertThat(levels).containsOnlyKeys("DEBUG", "INFO", "WARN", "ERROR");
                assertThat(levels.get("DEBUG") + levels.get("INFO")).as("mostly DEBUG and INFO: %s", levels)
                        .isGreaterThan(COUNT * 3 / 4);
                assertThat(levels.get("WARN")).as("some WARN: %s", levels).isBetween(COUNT / 50, COUNT / 5);
                assertThat(levels.get("ERROR")).as("occasional ERROR: %s", levels).isBetween(1, COUNT / 50);
                for (JsonNode error : errors) {
                    JsonNode throwable = error.path("throwable");
                    assertThat(throwable.path("className").asText()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(throwable.path("cause").path("className").asText()).isEqualTo("java.net.SocketTimeoutException");
                }
            } finally {
                channel.exchangeDelete(exchange);
            }
        }
    }
}
