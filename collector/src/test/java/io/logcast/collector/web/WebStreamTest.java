package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;

import io.logcast.collector.TestStream;
import io.logcast.collector.WireMessages;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** {@code web --stream}: live events from the stream, and earlier ones by time from it, in the API and on the page. */
@RealBroker
@RequiresRabbitMQ
class WebStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void apiEventsFromATimeReadTheStreamPageByPageWithTheFiltersAndWithoutItTheRecentBuffer(TestBroker broker) throws Exception {
        try (TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            publishTwoGroups(stream);
            try (WebDaemon web = WebDaemon.start(broker.uri(), stream.exchange.name, "--stream", stream.name)) {
                assertThat(web.process.stderrLines()).contains("logcast-collector: reading stream '" + stream.name + "' from next");

                JsonNode all = events(web, "/api/events?from=10m");
                assertThat(all.get("source").asText()).isEqualTo(stream.name);
                assertThat(all.get("complete").asBoolean()).isTrue();
                assertThat(messages(all)).isEqualTo(numbered("five minutes ago", 1, 100));

                JsonNode first = events(web, "/api/events?from=10m&limit=30");
                assertThat(first.get("complete").asBoolean()).isFalse();
                assertThat(messages(first)).isEqualTo(numbered("five minutes ago", 1, 30));
                long last = first.get("events").get(29).get("id").asLong();
                JsonNode second = events(web, "/api/events?from=10m&limit=30&after=" + last);
                assertThat(messages(second)).isEqualTo(numbered("five minutes ago", 31, 60));

                JsonNode warnings = events(web, "/api/events?from=30m&level=WARN&q=AGO%2042");
                assertThat(messages(warnings)).containsExactly("twenty minutes ago 42");

                // without from: the recent buffer, where live events go (none yet)
                JsonNode recent = events(web, "/api/events");
                assertThat(recent.get("source").asText()).isEqualTo("recent");
                assertThat(recent.get("events")).isEmpty();
            }
        }
    }

    @Test
    void thePageShowsTheHistoryFromATimeAndGoesBackToTheLiveEventsOnResume(TestBroker broker) throws Exception {
        try (Browser browser = Browser.open();
             TestStream stream = TestStream.create(broker).declare(TestStream.DAEMON_ARGUMENTS)) {
            publishTwoGroups(stream);
            try (WebDaemon web = WebDaemon.start(broker.uri(), stream.exchange.name, "--stream", stream.name)) {
                browser.driver.get(web.url);
                WireMessages live = new WireMessages("shop", "web-1");
                try (Channel channel = stream.newChannel()) {
                    live.publish(channel, stream.exchange.name, live.event(Level.INFO, "com.shop.Orders", "main", "live 1", null, null, null));
                }
                browser.awaitRows(1);

                browser.driver.findElement(By.id("from")).sendKeys("10m");
                browser.driver.findElement(By.id("show-history")).click();
                // the history reaches the stream's end: the live event is in it too
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.rows()).hasSize(103));
                List<List<Object>> rows = browser.rows();
                assertThat(rows.get(0).get(2).toString()).matches("── \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  history from 10m \\("
                        + java.util.regex.Pattern.quote(stream.name) + "\\): 101 events ──");
                List<String> expected = numbered("five minutes ago", 1, 100);
                expected.add("live 1");
                assertThat(browser.messages()).isEqualTo(expected);
                assertThat(rows.get(102).get(2).toString()).endsWith("end of the history: Resume shows the live events ──");
                assertThat(browser.text("#pause")).startsWith("Resume");

                browser.driver.findElement(By.id("pause")).click();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.messages()).containsExactly("live 1"));
            }
        }
    }

    /** Two groups whose events carry times 15 minutes apart: 20 and 5 minutes ago; the first group's every tenth event a WARN. */
    private static void publishTwoGroups(TestStream stream) throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        WireMessages shop = new WireMessages("shop", "web-1");
        long now = System.currentTimeMillis();
        try (Channel channel = stream.newChannel()) {
            channel.confirmSelect();
            for (int n = 1; n <= 100; n++) {
                shop.publish(channel, stream.exchange.name, event(shop, n % 10 == 2 ? Level.WARN : Level.INFO, "twenty minutes ago " + n,
                        now - Duration.ofMinutes(20).toMillis() + n));
            }
            for (int n = 1; n <= 100; n++) {
                shop.publish(channel, stream.exchange.name, event(shop, Level.INFO, "five minutes ago " + n, now - Duration.ofMinutes(5).toMillis() + n));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    private static LoggingEvent event(WireMessages messages, Level level, String text, long time) {
        LoggingEvent event = messages.event(level, "com.shop.Orders", "main", text, null, null, null);
        event.setTimeStamp(time);
        return event;
    }

    private static JsonNode events(WebDaemon web, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = web.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> messages(JsonNode found) {
        List<String> messages = new ArrayList<>();
        found.get("events").forEach(event -> messages.add(event.get("message").asText()));
        return messages;
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> texts = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            texts.add(prefix + " " + n);
        }
        return texts;
    }
}
