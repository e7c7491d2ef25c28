package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
@RequiresRabbitMQ
class TutorialClientTest {

    private static final String PATTERN = "%level|%logger|%msg%n";

    @Test
    void aBareBodyFromANonJavaClientWithoutPropertiesIsWrittenAndShownWithTheLevelOfItsLeadingWord(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN);
             DaemonProcess console = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--pattern", PATTERN)) {
            disk.awaitConsuming();
            console.awaitConsuming();

            amqpPublish(broker, exchange.name, "info: Hello World!");
            amqpPublish(broker, exchange.name, "warning: disk almost full");
            amqpPublish(broker, exchange.name, "no level word at all");

            String expected = "INFO|logcast.text|info: Hello World!\n"
                    + "WARN|logcast.text|warning: disk almost full\n"
                    + "INFO|logcast.text|no level word at all\n";
            console.awaitStdout("no level word at all", 1, Duration.ofSeconds(30));
            WrittenFile.awaitLines(file, 3, Duration.ofSeconds(30));
            assertThat(console.stdout()).isEqualTo(expected);
            assertThat(Files.readString(file)).isEqualTo(expected);
        }
    }

    /** Debian's amqp-tools: the C client publishes a bare body with no properties at all. */
    private static void amqpPublish(TestBroker broker, String exchange, String body) throws Exception {
        Process process = new ProcessBuilder(List.of("amqp-publish", "--url=" + broker.uri(), "-e", exchange, "-r", "", "-b", body))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
