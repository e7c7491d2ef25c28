package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;

import io.logcast.collector.DaemonProcess;
import io.logcast.collector.TestExchange;
import io.logcast.collector.WireMessages;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web daemon as a process and an HTTP server: options, access, the API, and memory under a page that never reads. */
@RealBroker
class WebDaemonTest {

    private static final String TOKEN = "0123456789abcdef-web-token";

    @Test
    void aBindBeyondLoopbackWithoutATokenIsRefusedWithOneLineAndExitCode2(TestBroker broker) throws Exception {
        try (DaemonProcess web = DaemonProcess.start("web", "--uri", broker.uri(), "--bind", "0.0.0.0", "--port", "0")) {
            assertThat(web.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(web.stderrLines()).containsExactly("logcast-collector: --bind 0.0.0.0 would serve the events beyond "
                    + "this machine: give --auth-token-file FILE (a token of at least 16 characters), or bind 127.0.0.1 "
                    + "(see: java -jar logcast-collector.jar web --help)");
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCode2BeforeAnyConnection(TestBroker broker) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             DaemonProcess web = DaemonProcess.start("web", "--uri", broker.uri(), "--port", Integer.toString(taken.getLocalPort()))) {
            assertThat(web.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(web.stderrLines()).containsExactly("logcast-collector: cannot start the web sink: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + " (Address already in use)");
        }
    }

    @Test
    void aShortTokenIsRefusedWithoutPrintingIt(TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "short-secret\n");
        try (DaemonProcess web = DaemonProcess.start("web", "--uri", broker.uri(), "--bind", "0.0.0.0", "--auth-token-file", file.toString())) {
            assertThat(web.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(web.stderrLines()).containsExactly("logcast-collector: the token in --auth-token-file " + file
                    + " must be at least 16 characters, without spaces or control characters (see: java -jar logcast-collector.jar web --help)");
            assertThat(web.stderr()).doesNotContain("short-secret");
        }
    }

    @Test
    void aTokenFileThatCannotBeReadIsRefusedSayingWhy(TestBroker broker, @TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing-token");
        try (DaemonProcess web = DaemonProcess.start("web", "--uri", broker.uri(), "--bind", "0.0.0.0", "--auth-token-file", missing.toString())) {
            assertThat(web.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(web.stderrLines()).containsExactly("logcast-collector: cannot read --auth-token-file " + missing
                    + " (No such file or directory) (see: java -jar logcast-collector.jar web --help)");
        }
    }

    @Test
    void configDoesNotApplyAndIsRefusedWithOneLine(TestBroker broker, @TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
        try (DaemonProcess web = DaemonProcess.start("web", "--uri", broker.uri(), "--config", config.toString())) {
            assertThat(web.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(web.stderrLines()).containsExactly("logcast-collector: --config does not apply to web (its page is its output) "
                    + "(see: java -jar logcast-collector.jar web --help)");
        }
    }

    @Test
    void sigtermStopsItWithExitCode0AfterItsDeliverySummary(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name)) {
            WireMessages shop = new WireMessages("shop", "host-a");
            for (int i = 1; i <= 3; i++) {
                shop.publish(exchange.channel, exchange.name, shop.event(Level.INFO, "com.shop.Orders", "main", "order " + i,
                        null, Map.of(), null));
            }
            web.awaitEvents(3);
            web.process.terminate();
            assertThat(web.process.awaitExit(Duration.ofSeconds(30))).isZero();
            List<String> lines = web.process.stderrLines();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("logcast-collector: delivery summary: 3 messages, 3 events written "
                    + "(0 without producer/seq), 0 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, "
                    + "0 beyond the duplicate window");
        }
    }

    @Test
    void withATokenEveryRequestCarriesItAsBearerOrLoginCookieAndItIsNeverPrinted(TestBroker broker, @TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name, "--bind", "0.0.0.0", "--auth-token-file", file.toString())) {
            assertThat(web.url).matches("http://0\\.0\\.0\\.0:\\d+/");
            String local = web.url.replace("0.0.0.0", "127.0.0.1");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> page = http.send(request(local, "").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
            HttpResponse<String> api = http.send(request(local, "api/events").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"logcast\"");
            assertThat(http.send(request(local, "metrics").header("Authorization", "Bearer " + TOKEN + "x").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            HttpResponse<String> bearer = http.send(request(local, "metrics").header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(bearer.body()).contains("logcast_messages_total 0").doesNotContain(TOKEN);

            HttpResponse<String> wrong = http.send(login(local, "not-the-token-at-all"), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(303);
            assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?failed"));
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

            HttpResponse<String> right = http.send(login(local, TOKEN), HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(303);
            String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(Access.COOKIE + "=").contains("HttpOnly", "SameSite=Strict").doesNotContain(TOKEN);
            String session = cookie.substring(0, cookie.indexOf(';'));
            HttpResponse<String> withCookie = http.send(request(local, "").header("Cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
            assertThat(withCookie.body()).contains("<script src=\"app.js\" defer></script>").doesNotContain(TOKEN);

            web.process.terminate();
            assertThat(web.process.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(web.process.stderr()).doesNotContain(TOKEN);
        }
    }

    @Test
    void withoutATokenARequestNamingAnotherHostIsRefused(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name);
             Socket socket = new Socket("127.0.0.1", URI.create(web.url).getPort())) {
            // what a browser sends to a name of an attacker's site that resolves to 127.0.0.1 (DNS rebinding)
            socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: logs.attacker.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 421 ").endsWith("This web view answers to localhost and 127.0.0.1 only.\n");
        }
    }

    @Test
    void everyResponseCarriesAStrictContentSecurityPolicy(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name)) {
            for (String path : List.of("/", "/app.js", "/api/events", "/metrics", "/nothing-here")) {
                HttpResponse<String> response = web.get(path);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(WebRoutes.CONTENT_SECURITY_POLICY);
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            }
            assertThat(web.get("/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theApiSelectsRecentEventsByLevelAppLoggerTextAndTimeAndMetricsCountThem(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(broker.uri(), exchange.name, "--recent", "5")) {
            WireMessages shop = new WireMessages("shop", "host-a");
            WireMessages billing = new WireMessages("billing", "host-b");
            Object[][] events = {
                {shop, Level.INFO, "com.shop.Orders", "order 1 placed"},
                {shop, Level.WARN, "com.shop.Orders", "order 2 slow: Timeout after 2 s"},
                {billing, Level.ERROR, "org.billing.Invoices", "invoice 3 failed: timeout"},
                {shop, Level.DEBUG, "com.shop.Cart", "cart 4 updated"},
                {billing, Level.WARN, "org.billing.Invoices", "invoice 5 late"},
                {shop, Level.ERROR, "com.shop.Orders", "order 6 failed: TIMEOUT"},
                {billing, Level.INFO, "org.billing.Invoices", "invoice 7 paid"},
            };
            for (Object[] e : events) {
                WireMessages messages = (WireMessages) e[0];
                messages.publish(exchange.channel, exchange.name, messages.event((Level) e[1], (String) e[2], "main",
                        (String) e[3], null, Map.of(), null));
            }
            web.awaitEvents(7);

            // --recent 5: the first two are no longer kept
            assertThat(messages(web.get("/api/events").body())).containsExactly("invoice 3 failed: timeout", "cart 4 updated",
                    "invoice 5 late", "order 6 failed: TIMEOUT", "invoice 7 paid");
            assertThat(web.get("/api/events").body()).startsWith("{\"source\":\"recent\",\"complete\":false,\"events\":[");
            assertThat(messages(web.get("/api/events?level=WARN").body()))
                    .containsExactly("invoice 3 failed: timeout", "invoice 5 late", "order 6 failed: TIMEOUT");
            assertThat(messages(web.get("/api/events?app=billing&q=TIMEOUT").body())).containsExactly("invoice 3 failed: timeout");
            assertThat(messages(web.get("/api/events?logger=com.shop&limit=1").body())).containsExactly("order 6 failed: TIMEOUT");
            assertThat(messages(web.get("/api/events?from=" + (System.currentTimeMillis() + 60_000)).body())).isEmpty();
            assertThat(messages(web.get("/api/events?from=1h").body())).hasSize(5);
            HttpResponse<String> bad = web.get("/api/events?level=LOUD");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("{\"error\":\"level must be one of TRACE, DEBUG, INFO, WARN, ERROR\"}");

            assertThat(web.metric("logcast_messages_total")).isEqualTo(7);
            assertThat(web.metric("logcast_events_total{level=\"WARN\"}")).isEqualTo(2);
            assertThat(web.metric("logcast_events_total{level=\"ERROR\"}")).isEqualTo(2);
            assertThat(web.metric("logcast_web_recent_entries")).isEqualTo(5);
        }
    }

    @Test
    void aPageThatNeverReadsCannotGrowTheDaemonsMemoryAndWhatItMissesIsCounted(TestBroker broker) throws Exception {
        int events = 20_000;
        String message = "x".repeat(8_000);
        // 160 MB of events through a daemon whose heap cannot hold a tenth of it
        try (TestExchange exchange = TestExchange.create(broker);
             WebDaemon web = WebDaemon.start(List.of("-Xmx64m"), broker.uri(), exchange.name, "--recent", "100");
             Socket stuck = new Socket("127.0.0.1", URI.create(web.url).getPort())) {
            stuck.setReceiveBufferSize(4096);
            OutputStream out = stuck.getOutputStream();
            out.write("GET /api/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> web.metric("logcast_web_clients") == 1);
            // a page that reads everything at the same time
            AtomicLong read = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            Thread reader = readFeed(web, read, dropped);

            WireMessages shop = new WireMessages("shop", "host-a");
            for (int i = 1; i <= events; i++) {
                shop.publish(exchange.channel, exchange.name, shop.event(Level.INFO, "com.shop.Orders", "main", i + " " + message,
                        null, Map.of(), null));
            }
            web.awaitEvents(events);
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(read.get() + dropped.get()).isEqualTo(events));

            long sent = web.metric("logcast_web_client_sent_total");
            long droppedTotal = web.metric("logcast_web_client_dropped_total");
            long queued = web.metric("logcast_web_client_queued_entries");
            long queuedBytes = web.metric("logcast_web_client_queued_bytes");
            System.out.printf("web view, a page that never reads: %d events of 8 KB; sent %d, dropped %d, queued %d (%d bytes); "
                    + "the reading page read %d and was told of %d dropped%n", events, sent, droppedTotal, queued, queuedBytes,
                    read.get(), dropped.get());
            assertThat(web.process.isAlive()).isTrue();
            // every entry for the two pages is sent, dropped (counted) or waiting
            assertThat(sent + droppedTotal + queued).isEqualTo(2L * events);
            assertThat(droppedTotal).isGreaterThan(0);
            assertThat(queuedBytes).isLessThanOrEqualTo(2 * EventHub.CLIENT_QUEUE_BYTES);
            reader.interrupt();
        }
    }

    /** Reads {@code /api/live} on a thread: events read, and the counts of the drop markers. */
    private static Thread readFeed(WebDaemon web, AtomicLong events, AtomicLong dropped) {
        Thread thread = new Thread(() -> {
            try (Socket socket = new Socket("127.0.0.1", URI.create(web.url).getPort())) {
                socket.getOutputStream().write("GET /api/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: {\"id\":") && line.contains("\"kind\":\"event\"")) {
                        events.incrementAndGet();
                    } else if (line.startsWith("data: {\"kind\":\"dropped\"")) {
                        java.util.regex.Matcher count = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(line);
                        count.find();
                        dropped.addAndGet(Long.parseLong(count.group(1)));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "web-test-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static HttpRequest.Builder request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base).resolve(path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest login(String base, String token) {
        return request(base, "login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8))).build();
    }

    /** The messages of the events in an {@code /api/events} answer, in order. */
    static List<String> messages(String json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        List<String> messages = new java.util.ArrayList<>();
        root.path("events").forEach(event -> {
            if ("event".equals(event.path("kind").asText())) {
                messages.add(event.path("message").asText());
            }
        });
        return messages;
    }
}
