package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.rabbitmq.client.Delivery;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text survives a platform whose charset is not UTF-8 (Java 17 takes it from the locale). */
@RealBroker
class PlatformCharsetTest {

    private static final String TEXT = "안녕하세요 🎉 e\u0301";

    @TempDir
    Path dir;

    @Test
    void aPatternEncoderThatNamesNoCharsetPublishesUtf8AndSaysSoUnderThePosixLocale(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-posix");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            String printed = new ApplicationJvm(dir).posixLocale()
                    .encoder("<encoder class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\"><pattern>%msg%n</pattern></encoder>")
                    .logLines(broker.uri(), exchange, List.of(TEXT));

            assertThat(printed).as("the application's platform charset is not UTF-8").contains("default-charset=US-ASCII");
            List<Delivery> received = captured.await(1, Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getBody()).isEqualTo((TEXT + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(received.get(0).getProperties().getContentType()).isEqualTo("text/plain; charset=utf-8");
        }
    }

    @Test
    void theDefaultJsonEncoderPublishesUtf8UnderThePosixLocale(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-posix-json");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            new ApplicationJvm(dir).posixLocale().logLines(broker.uri(), exchange, List.of(TEXT));

            List<Delivery> received = captured.await(1, Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            assertThat(CapturedMessages.message(received.get(0))).isEqualTo(TEXT);
            assertThat(CapturedMessages.body(received.get(0))).contains("\"formattedMessage\":\"" + TEXT + "\"");
            assertThat(received.get(0).getProperties().getContentType()).isEqualTo("application/json");
        }
    }
}
