package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;

import io.logcast.collector.TestExchange;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every text of an event is untrusted: a corpus of markup, script URLs, CSS, bidirectional overrides,
 * control characters and very long lines, in every field, never runs, never loads anything and never
 * breaks the page's layout.
 */
@RealBroker
class WebPageSafetyTest {

    private static final String LONG_LINE = "A".repeat(20_000);

    /** What an injected script would do: set this variable. */
    private static List<String> corpus(int beacon) {
        String origin = "http://127.0.0.1:" + beacon;
        return List.of(
                "<script>window.__xss='script'</script>",
                "<img src=x onerror=\"window.__xss='img-onerror'\">",
                "<img src=\"" + origin + "/img\">",
                "<a href=\"javascript:window.__xss='javascript-link'\">click me</a>",
                "javascript:window.__xss='javascript-url'",
                "<svg onload=\"window.__xss='svg'\"><script>window.__xss='svg-script'</script></svg>",
                "<style>body{background:url(" + origin + "/css)}</style>"
                        + "<div style=\"background:url('" + origin + "/style');position:fixed;inset:0;z-index:99\">cover</div>",
                "\"><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
                "</span></div></details><details open><summary>broken out</summary>",
                "{{constructor.constructor('window.__xss=\"template\"')()}}",
                "\u202Egnp.exe\u202C plain \u2066isolated\u2069 \u200Fmark\u061C",
                "\u001b[31mred\u001b[0m nul\u0000 nel\u0085 bell\u0007",
                LONG_LINE);
    }

    @Test
    void noTextOfAnEventEverRunsLoadsAnythingOrBreaksTheLayout(TestBroker broker) throws Exception {
        try (ServerSocket beacon = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             Browser browser = Browser.open()) {
            AtomicInteger requests = countConnections(beacon);
            List<String> corpus = corpus(beacon.getLocalPort());
            ObjectMapper json = new ObjectMapper();
            for (String text : corpus) {
                // every field: application, host, logger, thread, message, MDC key and value, exception class and message
                ObjectNode event = json.createObjectNode().put("level", "ERROR").put("loggerName", text).put("threadName", text)
                        .put("formattedMessage", text);
                event.putObject("mdc").put(text, text);
                event.putObject("throwable").put("className", text).put("message", text)
                        .putObject("cause").put("className", text).put("message", text);
                // the wire contract's headers "app" and "host", spelt out: this test pins them too
                exchange.publish(new AMQP.BasicProperties.Builder().contentType("application/json")
                        .headers(Map.of("app", text, "host", text)).build(),
                        json.writeValueAsBytes(event));
            }
            int events = corpus.size();
            web.awaitEvents(events);

            browser.driver.get(web.url);
            browser.awaitRows(events);
            assertThat(browser.messages()).containsExactlyElementsOf(shown(corpus));
            List<Number> heights = heights(browser);
            for (WebElement summary : browser.driver.findElements(By.cssSelector("#rows summary"))) {
                browser.click(summary);
            }
            for (WebElement message : browser.driver.findElements(By.cssSelector("#rows .text"))) {
                browser.click(message);
            }

            assertThat(browser.script("return typeof window.__xss")).isEqualTo("undefined");
            assertThat(browser.script("return Array.from(new Set(Array.from(document.querySelectorAll('#rows *'), e => e.tagName))).sort()"))
                    .isEqualTo(List.of("DETAILS", "DIV", "PRE", "SPAN", "SUMMARY"));
            assertThat(browser.script("return document.querySelectorAll('#rows [style], #rows [href], #rows [src]').length")).isEqualTo(0L);
            assertThat(requests.get()).as("requests the page made to URLs in events").isZero();

            // bidirectional and control characters are shown as their codes, never applied
            String rowsText = (String) browser.script("return document.getElementById('rows').textContent");
            assertThat(rowsText).doesNotContainPattern("[\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]")
                    .contains("U+202Egnp.exeU+202C plain U+2066isolatedU+2069 U+200FmarkU+061C", "U+001B[31mred", "nulU+0000 nelU+0085 bellU+0007");
            // the layout holds: no row wider than the page, collapsed rows of bounded height, nothing covers the controls
            assertThat(browser.script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
                    + " && document.getElementById('log').scrollWidth <= document.getElementById('log').clientWidth")).isEqualTo(true);
            assertThat(heights).allSatisfy(height -> assertThat(height.doubleValue()).isLessThan(260));
            assertThat(browser.script("const b = document.getElementById('pause').getBoundingClientRect();"
                    + " return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2).id")).isEqualTo("pause");
            assertThat(browser.script("return Array.from(document.querySelectorAll('#rows > .row.event')).every(row => {"
                    + " const r = row.getBoundingClientRect();"
                    + " return Array.from(row.children).every(c => c.getBoundingClientRect().right <= r.right + 1); })")).isEqualTo(true);

            // the corpus is live: the same text given to innerHTML on a page without our policy runs
            browser.driver.get("about:blank");
            browser.script("document.body.innerHTML = arguments[0]", corpus.get(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> "img-onerror".equals(browser.script("return window.__xss")));
        }
    }

    /** The row heights before anything is expanded. */
    @SuppressWarnings("unchecked")
    private static List<Number> heights(Browser browser) {
        return (List<Number>) browser.script("return Array.from(document.querySelectorAll('#rows > .row'), r => r.getBoundingClientRect().height)");
    }

    /** The messages as the page shows them: control characters as their codes, a long one cut by the daemon. */
    private static List<String> shown(List<String> corpus) {
        List<String> shown = new ArrayList<>();
        for (String text : corpus) {
            String cut = WebEvent.limit(text, WebEvent.MAX_MESSAGE);
            StringBuilder visible = new StringBuilder();
            cut.codePoints().forEach(c -> visible.append(
                    (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                            ? String.format("U+%04X", c) : new String(Character.toChars(c))));
            shown.add(visible.toString());
        }
        return shown;
    }

    /** Accepts and counts connections: any is a request the page should never have made. */
    private static AtomicInteger countConnections(ServerSocket beacon) {
        AtomicInteger count = new AtomicInteger();
        Thread thread = new Thread(() -> {
            while (!beacon.isClosed()) {
                try (Socket socket = beacon.accept()) {
                    count.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "web-test-beacon");
        thread.setDaemon(true);
        thread.start();
        return count;
    }
}
