package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers and systemd units often run without {@code LANG}: the JVM's default charset and its
 * stdout's are then ASCII. The daemons write UTF-8 anyway: file, console and stderr.
 */
@RealBroker
class PosixLocaleTest {

    private static final String KOREAN_AND_EMOJI = "\uc548\ub155\ud558\uc138\uc694 \ud83c\udf89";
    private static final String COMBINING = "cafe\u0301 n\u0303 \u0915\u094d\u0937";

    @Test
    void withLcAllPosixBothDaemonsWriteKoreanEmojiAndCombiningCharactersAsUtf8(TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages wire = new WireMessages("shop", "host-1");
        String producer = "\uc0dd\uc0b0\uc790-\ud83c\udf89";
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             IsolatedDaemon disk = IsolatedDaemon.inLocale("POSIX", dir, "disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", "%msg%n");
             IsolatedDaemon console = IsolatedDaemon.inLocale("POSIX", dir, "console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--color", "never", "--pattern", "%msg%n")) {
            disk.awaitStderr("consuming from exchange");
            console.awaitStderr("consuming from exchange");
            exchange.publishText(KOREAN_AND_EMOJI);
            exchange.publishText(COMBINING);
            wire.publish(exchange.channel, exchange.name,
                    wire.event(Level.INFO, "com.shop.I18n", "main", "{} / {}", new Object[] {KOREAN_AND_EMOJI, COMBINING}, Map.of(), null));
            // seq 2 never comes: the gap line names the producer on stderr
            DeliveryAccountingTest.publish(exchange, producer, 1, 1, "gap before " + KOREAN_AND_EMOJI);
            DeliveryAccountingTest.publish(exchange, producer, 3, 1, "gap after " + COMBINING);

            String expected = String.join("\n", KOREAN_AND_EMOJI, COMBINING, KOREAN_AND_EMOJI + " / " + COMBINING,
                    "gap before " + KOREAN_AND_EMOJI, "gap after " + COMBINING) + "\n";
            await("five lines in the file and on stdout").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(file) && lines(Files.readAllBytes(file)) == 5 && lines(console.stdout()) == 5);
            assertThat(disk.terminate()).isZero();
            assertThat(console.terminate()).isZero();

            assertThat(Files.readAllBytes(file)).isEqualTo(utf8(expected));
            assertThat(console.stdout()).isEqualTo(utf8(expected));
            String warning = "logcast-collector: WARN producer " + producer + " (app shop): 1 event missing (seq 2)\n";
            for (IsolatedDaemon daemon : List.of(disk, console)) {
                assertThat(new String(daemon.stderr(), StandardCharsets.UTF_8)).contains(warning);
            }
        }
    }

    private static long lines(byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            count += b == '\n' ? 1 : 0;
        }
        return count;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
