package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.CoreConstants;

import io.logcast.collector.TestExchange;
import io.logcast.collector.TrafficApplication;
import io.logcast.collector.WireMessages;
import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.MDC;

/** The page in a real browser (headless Chromium), fed by a real daemon and the real appender. */
@RealBroker
class WebPageTest {

    private static Browser browser;

    @BeforeAll
    static void openBrowser() throws IOException {
        browser = Browser.open();
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void recentEventsShowAtOnceThenLiveEventsFromTheAppenderWithTheirFields(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             TrafficApplication shop = application("shop", broker, exchange)) {
            org.slf4j.Logger orders = shop.context.getLogger("com.shop.Orders");
            MDC.put("requestId", "req-1");
            orders.info("order {} placed", 1);
            MDC.clear();
            orders.atWarn().addKeyValue("amount", 54.67).log("order {} is slow", 2);
            web.awaitEvents(2);

            browser.driver.get(web.url);
            browser.awaitRows(2);
            String thread = Thread.currentThread().getName();
            Exception failure = new IllegalStateException("cannot ship order 3", new java.io.IOException("disk full on /var"));
            shop.context.getLogger("com.shop.Cart").error("checkout failed", failure);
            shop.context.getLogger("com.shop.Cart").debug("cart {} emptied", 4);
            browser.awaitRows(4);

            assertThat(browser.rows()).containsExactly(
                    List.of("INFO", "shop", "web-test-host", thread, "com.shop.Orders", "order 1 placed", "requestId=req-1", ""),
                    List.of("WARN", "shop", "web-test-host", thread, "com.shop.Orders", "order 2 is slow", "amount=54.67", ""),
                    List.of("ERROR", "shop", "web-test-host", thread, "com.shop.Cart", "checkout failed", "",
                            "java.lang.IllegalStateException: cannot ship order 3  … caused by java.io.IOException: disk full on /var"),
                    List.of("DEBUG", "shop", "web-test-host", thread, "com.shop.Cart", "cart 4 emptied", "", ""));
            assertThat(browser.script("return getComputedStyle(document.querySelector('.row.lvl-ERROR .level')).color"))
                    .isEqualTo("rgb(198, 40, 40)");
            // the exception chain is collapsed, and expands to the whole trace
            WebElement trace = browser.driver.findElement(By.cssSelector(".row.lvl-ERROR details pre"));
            assertThat(trace.isDisplayed()).isFalse();
            browser.driver.findElement(By.cssSelector(".row.lvl-ERROR summary")).click();
            assertThat(trace.isDisplayed()).isTrue();
            assertThat(trace.getText()).startsWith("java.lang.IllegalStateException: cannot ship order 3")
                    .contains("Caused by: java.io.IOException: disk full on /var");
            assertThat(browser.text("#events")).isEqualTo("4");
            assertThat(browser.text("#state")).isEqualTo("live");
        }
    }

    @Test
    void filtersApplyAsYouTypeAreInTheUrlAndAgreeWithTheApi(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             TrafficApplication shop = application("shop", broker, exchange);
             TrafficApplication billing = application("billing", broker, exchange)) {
            browser.driver.get(web.url);
            // two connections: one event at a time, so that the page's order is the order of the log calls
            List<Runnable> calls = List.of(
                () -> shop.context.getLogger("com.shop.Orders").info("order 1 placed"),
                () -> shop.context.getLogger("com.shop.Orders").warn("order 2: Timeout after 2 s"),
                () -> billing.context.getLogger("org.billing.Invoices").error("invoice 3: timeout"),
                () -> shop.context.getLogger("com.shop.Cart").debug("cart 4 updated"),
                () -> billing.context.getLogger("org.billing.Invoices").warn("invoice 5 late"),
                () -> billing.context.getLogger("org.billing.Payments").error("payment 6: TIMEOUT"),
                () -> shop.context.getLogger("com.shop.Orders").error("order 7 failed"));
            for (int i = 0; i < calls.size(); i++) {
                calls.get(i).run();
                long logged = i + 1;
                web.awaitEvents(logged);
            }
            browser.awaitRows(7);

            new Select(browser.driver.findElement(By.id("level"))).selectByVisibleText("WARN");
            awaitMessages("order 2: Timeout after 2 s", "invoice 3: timeout", "invoice 5 late",
                    "payment 6: TIMEOUT", "order 7 failed");
            new Select(browser.driver.findElement(By.id("app"))).selectByVisibleText("billing");
            awaitMessages("invoice 3: timeout", "invoice 5 late", "payment 6: TIMEOUT");
            WebElement logger = browser.driver.findElement(By.id("logger"));
            logger.sendKeys("org.billing.I");
            awaitMessages("invoice 3: timeout", "invoice 5 late");
            logger.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
            awaitMessages("invoice 3: timeout", "invoice 5 late", "payment 6: TIMEOUT");
            browser.driver.findElement(By.id("q")).sendKeys("TIMEOUT");
            awaitMessages("invoice 3: timeout", "payment 6: TIMEOUT");

            String url = browser.driver.getCurrentUrl();
            assertThat(URI.create(url).getRawQuery()).isEqualTo("level=WARN&app=billing&logger=org.billing.&q=TIMEOUT");
            assertThat(WebDaemonTest.messages(web.get("/api/events?" + URI.create(url).getRawQuery()).body()))
                    .containsExactly("invoice 3: timeout", "payment 6: TIMEOUT");

            // the shared link opens the same view
            browser.driver.get("about:blank");
            browser.driver.get(url);
            browser.awaitRows(2);
            awaitMessages("invoice 3: timeout", "payment 6: TIMEOUT");
            assertThat(browser.script("return [level.value, app.value, logger.value, q.value]"))
                    .isEqualTo(List.of("WARN", "billing", "org.billing.", "TIMEOUT"));
        }
    }

    @Test
    void pauseHoldsTheRowsWhileEventsKeepCountingAndResumeShowsThem(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             TrafficApplication shop = application("shop", broker, exchange)) {
            browser.driver.get(web.url);
            shop.log(1, 3);
            browser.awaitRows(3);
            WebElement pause = browser.driver.findElement(By.id("pause"));
            pause.click();
            assertThat(pause.getAttribute("aria-pressed")).isEqualTo("true");
            shop.log(4, 13);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.text("#events")).isEqualTo("13"));
            assertThat(browser.messages()).containsExactly("shop 1", "shop 2", "shop 3");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pause.getText()).isEqualTo("Resume (10 new)"));

            pause.click();
            assertThat(pause.getText()).isEqualTo("Pause");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(browser.messages()).hasSize(13).startsWith("shop 1").endsWith("shop 13"));
        }
    }

    @Test
    void thePageFollowsTheEndUntilTheReaderScrollsUpThenHoldsAndCountsWhatArrives(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name)) {
            WireMessages shop = new WireMessages("shop", "host-a");
            publish(exchange, shop, 1, 300);
            web.awaitEvents(300);
            browser.driver.get(web.url);
            browser.awaitRows(300);
            // rows laid out for the first time change the list's height: the view stays at the end
            await().atMost(Duration.ofSeconds(10)).until(() -> atTheEnd());
            publish(exchange, shop, 301, 305);
            browser.awaitRows(305);
            await().atMost(Duration.ofSeconds(10)).until(() -> atTheEnd());
            assertThat(browser.driver.findElement(By.id("latest")).isDisplayed()).isFalse();

            new Actions(browser.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(browser.driver.findElement(By.id("log"))),
                    0, -800).perform();
            publish(exchange, shop, 306, 310);
            web.awaitEvents(310);
            WebElement latest = browser.driver.findElement(By.id("latest"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(latest.getText()).isEqualTo("show the latest (5 new)"));
            assertThat(browser.rows()).hasSize(305);
            latest.click();
            browser.awaitRows(310);
            await().atMost(Duration.ofSeconds(10)).until(() -> atTheEnd());
        }
    }

    private static boolean atTheEnd() {
        return (Boolean) browser.script("const log = document.getElementById('log');"
                + " return log.scrollHeight - log.scrollTop - log.clientHeight < 24");
    }

    /** Events {@code "order N"} of different heights: with MDC (two lines), some of several lines, some with an exception. */
    private static void publish(TestExchange exchange, WireMessages producer, int from, int to) throws IOException {
        for (int n = from; n <= to; n++) {
            String message = n % 7 == 0 ? "order " + n + "\nline 2\nline 3\nline 4" : "order " + n;
            producer.publish(exchange.channel, exchange.name, producer.event(Level.INFO, "com.shop.Orders", "main", message,
                    null, Map.of("requestId", "req-" + n), n % 10 == 0 ? new IllegalStateException("order " + n + " failed") : null));
        }
    }

    @Test
    void gapsAndReconnectionsOfTheDaemonAreMarkedWhereEventsMayBeMissing(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
             WebDaemon web = WebDaemon.start(proxy.rewrite(broker.uri()), exchange.name, "--max-reconnect-delay", "1")) {
            browser.driver.get(web.url);
            WireMessages shop = new WireMessages("shop", "host-a");
            shop.publish(exchange.channel, exchange.name, event(shop, "seq 1"));
            for (int skipped = 0; skipped < 3; skipped++) {
                shop.properties(List.of(event(shop, "never published")));
            }
            shop.publish(exchange.channel, exchange.name, event(shop, "seq 5"));
            browser.awaitRows(3);
            proxy.cut();
            web.process.awaitStderr("reconnected to ", Duration.ofSeconds(30));
            shop.publish(exchange.channel, exchange.name, event(shop, "seq 6"));
            browser.awaitRows(5);

            List<List<Object>> rows = browser.rows();
            assertThat(rows.get(0).get(5)).isEqualTo("seq 1");
            assertThat(rows.get(1).get(1)).isEqualTo("row marker gap");
            assertThat((String) rows.get(1).get(2)).endsWith("producer " + shop.producer + " (app shop): 3 events missing (seq 2..4) ──");
            assertThat(rows.get(2).get(5)).isEqualTo("seq 5");
            assertThat(rows.get(3).get(1)).isEqualTo("row marker reconnected");
            assertThat((String) rows.get(3).get(2)).contains("the daemon reconnected to the broker after the connection was lost (")
                    .endsWith("); events published meanwhile may be missing here ──");
            assertThat(rows.get(4).get(5)).isEqualTo("seq 6");
            assertThat(web.metric("logcast_gaps_total")).isEqualTo(1);
            assertThat(web.metric("logcast_events_missing_total")).isEqualTo(3);
            assertThat(web.metric("logcast_reconnections_total")).isEqualTo(1);
        }
    }

    private static TrafficApplication application(String name, TestBroker broker, TestExchange exchange) {
        TrafficApplication application = new TrafficApplication(name, broker.uri(), exchange.name, false,
                appender -> appender.getContext().putProperty(CoreConstants.HOSTNAME_KEY, "web-test-host"));
        application.context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);
        return application;
    }

    private static ch.qos.logback.classic.spi.LoggingEvent event(WireMessages messages, String message) {
        return messages.event(Level.INFO, "com.shop.Orders", "main", message, null, Map.of(), null);
    }

    /** The messages shown become these (filters apply as one types, once the typing pauses). */
    private static void awaitMessages(String... messages) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.messages()).containsExactly(messages));
    }
}
