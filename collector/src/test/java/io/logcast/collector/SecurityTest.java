package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;
import io.logcast.test.RabbitNode;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitServer;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class SecurityTest {

    /** CSI, OSC 0 (title), OSC 8 (hyperlink), OSC 52 (clipboard), DCS, their 8-bit C1 forms, BEL. */
    static final String CORPUS = "csi\u001b[2J\u001b[31m osc0\u001b]0;pwned\u0007 osc8\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\"
            + " osc52\u001b]52;c;cm0gLXJmIH4=\u0007 dcs\u001bP+q544e\u001b\\ c1csi\u009b2J c1osc\u009d52;c;eA==\u009c c1dcs\u0090q\u009c bel\u0007 end";

    @Test
    void noEscapeSequenceFromEventsOrHeadersReachesTheTerminalRawInColourOrNotNorTheGapLineOnStderr(TestBroker broker) throws Exception {
        String pattern = "%highlight(%level) %app %host [%thread] %logger %msg%n";
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess coloured = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--color", "always", "--pattern", pattern, "--max-queue-length", "0");
             DaemonProcess plain = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--color", "never", "--pattern", pattern, "--max-queue-length", "0")) {
            coloured.awaitConsuming();
            plain.awaitConsuming();
            String producer = "producer\u001b]52;c;eA==\u0007\u009b31m";
            exchange.publish(properties(producer, 1), CORPUS.getBytes(StandardCharsets.UTF_8));
            // seq 2..4 never come: the gap line names this producer on stderr
            exchange.publish(properties(producer, 5), ("raw C1 byte \u00ff" + CORPUS).getBytes(StandardCharsets.ISO_8859_1));
            exchange.publishText("last");

            for (DaemonProcess console : new DaemonProcess[] {coloured, plain}) {
                console.awaitStdout("last\n", 1, Duration.ofSeconds(30));
                console.awaitStderr("events missing", Duration.ofSeconds(30));
                // the printer's own colours (SGR) are the only escape sequences it may write
                String shown = console.stdout().replaceAll("\u001b\\[[0-9;]*m", "");
                assertThat(shown.chars()).as(console.stdout())
                        .noneMatch(c -> (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f));
                assertThat(shown).contains("\\x1B]52;c;cm0gLXJmIH4=\\x07", "\\x9B2J", "\\x1B]8;;http://evil.example");
                assertThat(console.stderr().chars()).as(console.stderr())
                        .noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f));
                assertThat(console.stderrLines()).anyMatch(line -> line.contains("WARN producer producer\\x1B]52;c;eA==\\x07\\x9B31m (app "));
            }
            assertThat(plain.stdout()).doesNotContain("\u001b");
        }
    }

    /** The user with that password is added to a node of the test's own. */
    @Test
    @RequiresRabbitServer
    void aDistinctivePasswordNeverAppearsInAnyOutputOfTheAppenderOrTheDaemonsThroughCutsRefusalsAndWrongLogins(
            RabbitNode scratch, @TempDir Path dir) throws Exception {
        TestBroker broker = scratch.broker();
        String user = "logcast-test-" + UUID.randomUUID();
        String password = "Pw-" + UUID.randomUUID().toString().replace("-", "");
        scratch.addUser(user, password);
        Map<String, String> outputs = new LinkedHashMap<>();
        try {
            String good = "amqp://" + user + ":" + password + "@" + broker.host() + ":" + broker.port() + "/%2F";
            String wrong = "amqp://" + user + ":" + password + "-wrong@" + broker.host() + ":" + broker.port() + "/%2F";
            Path file = dir.resolve("logcast.log");
            try (TestExchange exchange = TestExchange.create(broker);
                 TcpProxy proxy = TcpProxy.to(broker.host(), broker.port())) {
                String viaProxy = proxy.rewrite(good);
                try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", viaProxy, "--exchange", exchange.name,
                        "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "1");
                     DaemonProcess console = DaemonProcess.start("console", "--uri", viaProxy, "--exchange", exchange.name,
                             "--max-reconnect-delay", "1");
                     DaemonProcess refused = DaemonProcess.start("disk", "--uri", wrong, "--exchange", exchange.name,
                             "--file", dir.resolve("refused.log").toString());
                     TrafficApplication app = new TrafficApplication("shop", viaProxy, exchange.name, false);
                     TrafficApplication wrongLogin = new TrafficApplication("wrong", wrong, exchange.name, false)) {
                    disk.awaitConsuming();
                    console.awaitConsuming();
                    assertThat(refused.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                    app.log(1, 100);
                    FileTally.awaitDistinct(file, 100, Duration.ofSeconds(60));

                    proxy.refuse();
                    disk.awaitStderr("cannot connect to ", Duration.ofSeconds(30));
                    console.awaitStderr("cannot connect to ", Duration.ofSeconds(30));
                    proxy.resume();
                    disk.awaitStderr("reconnected to ", Duration.ofSeconds(30));
                    console.awaitStderr("reconnected to ", Duration.ofSeconds(30));
                    // after the daemons' temporary queues are back (events published before would miss them)
                    app.log(101, 200);
                    assertThat(FileTally.awaitDistinct(file, 200, Duration.ofSeconds(60)).distinct()).isEqualTo(200);

                    wrongLogin.log(1, 10);
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(wrongLogin.statusText()).contains("login refused"));
                    disk.terminate();
                    console.terminate();
                    disk.awaitExit(Duration.ofSeconds(30));
                    console.awaitExit(Duration.ofSeconds(30));
                    app.close();
                    wrongLogin.close();
                    for (DaemonProcess daemon : new DaemonProcess[] {disk, console, refused}) {
                        outputs.put("daemon " + daemon.pid() + " stdout", daemon.stdout());
                        outputs.put("daemon " + daemon.pid() + " stderr", daemon.stderr());
                    }
                    outputs.put("appender status", app.statusText());
                    outputs.put("appender status (wrong login)", wrongLogin.statusText());
                }
            }
        } finally {
            scratch.deleteUser(user);
        }
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        assertThat(String.join("\n", outputs.values())).contains("****", "reconnected to ", "cannot connect to ", "refused the login");
        outputs.forEach((name, text) -> assertThat(text).as(name).doesNotContain(password).doesNotContain(encoded));
    }

    private static AMQP.BasicProperties properties(String producer, long seq) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(WireContract.HEADER_PRODUCER, producer);
        headers.put(WireContract.HEADER_SEQ, seq);
        headers.put(WireContract.HEADER_APP, "app\u001b]8;;http://evil\u001b\\x\u001b]8;;\u001b\\");
        headers.put(WireContract.HEADER_HOST, "host\u001b]52;c;eA==\u0007");
        headers.put(WireContract.HEADER_THREAD, "thread\u001bP1$r\u001b\\\u0007");
        headers.put(WireContract.HEADER_LOGGER, "logger\u009b31m\u001b[5m");
        headers.put(WireContract.HEADER_LEVEL, "WARN");
        return new AMQP.BasicProperties.Builder().contentType(WireContract.CONTENT_TYPE_TEXT).headers(headers).build();
    }
}
