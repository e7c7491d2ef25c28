package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;

import io.logcast.core.WireContract;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class GarbageTest {

    private static final String PATTERN = "%level|%logger|%msg|%mdc%n";

    @Test
    void garbageIsWrittenAsEscapedTextAndNeverStopsTheDaemon(TestBroker broker, @TempDir Path dir) throws Exception {
        AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType(WireContract.CONTENT_TYPE_JSON).build();
        byte[] invalidUtf8 = {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, '(', ' ', 'e', 'n', 'd'};
        String invalidJson = "{\"level\":\"ERROR\",\"loggerName\":";
        String huge = "x".repeat(16 * 1024 * 1024);
        AMQP.BasicProperties wrongHeaders = new AMQP.BasicProperties.Builder().headers(Map.of(
                WireContract.HEADER_LEVEL, 42,
                WireContract.HEADER_EVENT_TIME, "yesterday",
                WireContract.HEADER_EVENT_COUNT, "many",
                WireContract.HEADER_SEQ, true,
                WireContract.HEADER_LOGGER, java.util.List.of("not", "a", "string"))).build();
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        LongString warn = LongStringHelper.asLongString("WARN");
        AMQP.BasicProperties valid = new AMQP.BasicProperties.Builder()
                .headers(Map.of(WireContract.HEADER_LEVEL, warn, WireContract.HEADER_LOGGER, "com.shop.Valid")).build();

        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();
            exchange.publish(new AMQP.BasicProperties(), invalidUtf8);
            exchange.publish(json, invalidJson.getBytes(StandardCharsets.UTF_8));
            exchange.publish(new AMQP.BasicProperties(), huge.getBytes(StandardCharsets.UTF_8));
            exchange.publish(wrongHeaders, "headers of the wrong type".getBytes(StandardCharsets.UTF_8));
            exchange.publish(json, deep.getBytes(StandardCharsets.UTF_8));
            exchange.publish(valid, "a valid event after the garbage".getBytes(StandardCharsets.UTF_8));

            String expected = "INFO|logcast.text|bad \\xFF\\xFE \\xC3( end|\n"
                    + "INFO|logcast.undecodable|" + invalidJson + "|logcast.decode_error=invalid JSON: Unexpected end-of-input\n"
                    + "INFO|logcast.text|" + huge + "|\n"
                    + "INFO|logcast.text|headers of the wrong type|\n"
                    + "INFO|logcast.undecodable|" + deep + "|logcast.decode_error=invalid JSON: Document nesting depth (501) exceeds the maximum allowed (500, from `StreamReadConstraints.getMaxNestingDepth()`)\n"
                    + "WARN|com.shop.Valid|a valid event after the garbage|\n";
            WrittenFile.awaitSize(file, expected.length(), Duration.ofSeconds(60));
            String written = Files.readString(file);
            Texts.assertSameText(written.replaceAll("(decode_error=invalid JSON: Unexpected end-of-input)[^\n|]*", "$1"), expected);
            assertThat(disk.isAlive()).isTrue();
            assertThat(disk.stderr()).doesNotContain("Exception");
        }
    }
}
