package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;

import io.logcast.collector.TestExchange;
import io.logcast.collector.TrafficApplication;
import io.logcast.collector.WireMessages;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/** The page under load: a bounded number of rows at 5,000 events/s, and a page that falls behind is told what it missed. */
@RealBroker
class WebPageRateTest {

    /** The page's bound on rows in the DOM (ROWS_MAX in app.js). */
    static final long ROWS_MAX = 500;

    /**
     * Samples the page on every animation frame: the most rows in the DOM, the longest gap between two
     * frames, and (PerformanceObserver) the long tasks of the main thread.
     */
    static final String SAMPLER = "const s = window.__sample = {maxRows: 0, frames: 0, maxFrameGap: 0, longTasks: 0, longestTask: 0, longTaskTime: 0};"
            + "const rows = document.getElementById('rows'); let last = 0;"
            + "const frame = (now) => { s.frames++; if (last) { s.maxFrameGap = Math.max(s.maxFrameGap, now - last); } last = now;"
            + "  s.maxRows = Math.max(s.maxRows, rows.childElementCount); requestAnimationFrame(frame); };"
            + "requestAnimationFrame(frame);"
            + "new PerformanceObserver((list) => { for (const t of list.getEntries()) { s.longTasks++;"
            + "  s.longestTask = Math.max(s.longestTask, t.duration); s.longTaskTime += t.duration; } }).observe({type: 'longtask'});";

    @Test
    void atFiveThousandEventsPerSecondThePageKeepsBoundedRowsAndCountsEveryEvent(TestBroker broker) throws Exception {
        int perTick = 50;
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(10);
        int ticks = 1_000;
        long events = (long) perTick * ticks;
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             // up to 100 events a message (the appender's batching): the broker's cost per message does not
             // then set the rate the page sees
             TrafficApplication shop = new TrafficApplication("shop", broker.uri(), exchange.name, false,
                     appender -> appender.setMaxBatchEvents(100));
             Browser browser = Browser.open()) {
            browser.driver.get(web.url);
            await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(browser.text("#state")));
            browser.script(SAMPLER);

            // 50 events every 10 ms through the real appender: 5,000 events/s for 10 s
            long start = System.nanoTime();
            for (int tick = 0; tick < ticks; tick++) {
                shop.log((long) tick * perTick + 1, (long) (tick + 1) * perTick);
                LockSupport.parkNanos(start + (tick + 1) * tickNanos - System.nanoTime());
            }
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            web.awaitEvents(events);
            double daemonSeconds = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(count(browser, "#events") + count(browser, "#dropped"))
                    .as("events the page received or was told it was not sent").isEqualTo(events));
            double pageSeconds = (System.nanoTime() - start) / 1e9;

            @SuppressWarnings("unchecked")
            Map<String, Number> sample = (Map<String, Number>) browser.script("return window.__sample");
            long rowsNow = browser.number("return document.querySelectorAll('#rows > .row').length");
            long filterStart = System.nanoTime();
            browser.driver.findElement(By.id("q")).sendKeys("shop 49999");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.messages()).containsExactly("shop 49999"));
            double filterMillis = (System.nanoTime() - filterStart) / 1e6;

            System.out.printf("web view at %.0f events/s for %.1f s (%d events): all in the daemon after %.1f s, "
                            + "all on the page after %.1f s (%.0f events/s); dropped for the page %d; rows in the DOM: at most %d, now %d; frames %d, longest gap between frames %.0f ms; "
                            + "long tasks %d, longest %.0f ms, %.1f s in all; a text filter over the kept events applied in %.0f ms%n",
                    events / publishSeconds, publishSeconds, events, daemonSeconds, pageSeconds, events / pageSeconds, count(browser, "#dropped"),
                    sample.get("maxRows").longValue(), rowsNow, sample.get("frames").longValue(), sample.get("maxFrameGap").doubleValue(),
                    sample.get("longTasks").longValue(), sample.get("longestTask").doubleValue(),
                    sample.get("longTaskTime").doubleValue() / 1000, filterMillis);
            assertThat(rowsNow).isEqualTo(ROWS_MAX);
            assertThat(sample.get("maxRows").longValue()).isEqualTo(ROWS_MAX);
        }
    }

    @Test
    void aPageThatFallsBehindIsToldHowManyEventsItWasNotSent(TestBroker broker) throws Exception {
        int events = 4_000;
        String filler = "y".repeat(4_000);
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name, "--recent", "10");
             Browser browser = Browser.open()) {
            // a slow link: 16 KB/s, while 16 MB of events arrive
            browser.driver.setNetworkConditions(throughput(16 * 1024));
            browser.driver.get(web.url);
            await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(browser.text("#state")));
            WireMessages shop = new WireMessages("shop", "host-a");
            for (int i = 1; i <= events; i++) {
                shop.publish(exchange.channel, exchange.name, shop.event(Level.INFO, "com.shop.Orders", "main", i + " " + filler,
                        null, Map.of(), null));
            }
            web.awaitEvents(events);
            await().atMost(Duration.ofSeconds(30)).until(() -> web.metric("logcast_web_client_dropped_total") > 0);
            browser.driver.deleteNetworkConditions();

            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(count(browser, "#events") + count(browser, "#dropped"))
                    .as("events the page received or was told it was not sent").isEqualTo(events));
            long dropped = count(browser, "#dropped");
            assertThat(dropped).isEqualTo(web.metric("logcast_web_client_dropped_total")).isPositive();
            // markers pass every filter: a text no event has leaves only them on the page
            browser.driver.findElement(By.id("q")).sendKeys("no event says this");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.messages().isEmpty());
            @SuppressWarnings("unchecked")
            List<String> markers = (List<String>) browser.script(
                    "return Array.from(document.querySelectorAll('#rows > .row.marker.dropped'), r => r.textContent)");
            assertThat(markers).isNotEmpty().allSatisfy(marker -> assertThat(marker)
                    .matches("── \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  \\d+ events? not sent to this page: it did not keep up \\(a busy or background tab\\) ──"));
            System.out.printf("web view, a page on a 16 KB/s link: %d events of 4 KB, %d shown, %d not sent (%d markers on the page)%n",
                    events, count(browser, "#events"), dropped, markers.size());
        }
    }

    private static ChromiumNetworkConditions throughput(int bytesPerSecond) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setDownloadThroughput(bytesPerSecond);
        conditions.setUploadThroughput(bytesPerSecond);
        conditions.setLatency(Duration.ZERO);
        return conditions;
    }

    private static long count(Browser browser, String selector) {
        return Long.parseLong(browser.text(selector).replace(",", ""));
    }
}
