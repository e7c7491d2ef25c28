package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;

import io.logcast.core.WireContract;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class EventFormatsTest {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS, UTC}|%level|%app|%host|%logger|%thread|%msg|%mdc%n";

    @Test
    void aBatchedMessageIsUnpackedIntoItsEventsInOrder(TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages wire = new WireMessages("billing", "node-3");
        List<LoggingEvent> batch = List.of(
                wire.event(Level.INFO, "com.billing.Invoices", "main", "invoice {} created", new Object[] {1}, Map.of("tenant", "a"), null),
                wire.event(Level.ERROR, "com.billing.Mailer", "mail-1", "invoice {} not sent", new Object[] {1}, Map.of(), null),
                wire.event(Level.DEBUG, "com.billing.Invoices", "main", "done", null, Map.of("tenant", "a"), null));
        LoggingEvent single = wire.event(Level.WARN, "com.billing.Jobs", "cron", "after the batch", null, Map.of(), null);
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();
            wire.publishBatch(exchange.channel, exchange.name, batch);
            wire.publish(exchange.channel, exchange.name, single);

            String expected = wire.render(PATTERN.replace("%app|%host", "billing|node-3"),
                    List.of(batch.get(0), batch.get(1), batch.get(2), single));
            WrittenFile.awaitLines(file, 4, Duration.ofSeconds(30));
            Texts.assertSameText(Files.readString(file), expected);
        }
    }

    @Test
    void logstashAndEcsJsonAreRenderedFromTheirFields(TestBroker broker, @TempDir Path dir) throws Exception {
        String logstash = "{\"@timestamp\":\"2026-03-01T10:15:30.123Z\",\"@version\":\"1\",\"message\":\"payment refused\","
                + "\"logger_name\":\"com.pay.Gateway\",\"thread_name\":\"http-nio-8080-exec-4\",\"level\":\"WARN\",\"level_value\":30000,"
                + "\"stack_trace\":\"java.lang.IllegalStateException: card expired\\n\\tat com.pay.Gateway.charge(Gateway.java:42)\\n\"}\n";
        String ecs = "{\"@timestamp\":\"2026-03-01T10:15:31.5Z\",\"log.level\":\"ERROR\",\"message\":\"order lost\","
                + "\"ecs.version\":\"1.2.0\",\"service.name\":\"orders\",\"host\":{\"name\":\"web-2\"},"
                + "\"process.thread.name\":\"main\",\"log.logger\":\"com.orders.Store\"}";
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();
            AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType(WireContract.CONTENT_TYPE_JSON).build();
            exchange.publish(json, logstash.getBytes(StandardCharsets.UTF_8));
            exchange.publish(json, ecs.getBytes(StandardCharsets.UTF_8));

            WrittenFile.awaitLines(file, 4, Duration.ofSeconds(30));
            Texts.assertSameText(Files.readString(file), ""
                    + "2026-03-01T10:15:30.123|WARN|-|-|com.pay.Gateway|http-nio-8080-exec-4|payment refused\n"
                    + "java.lang.IllegalStateException: card expired\n"
                    + "\tat com.pay.Gateway.charge(Gateway.java:42)|\n"
                    + "2026-03-01T10:15:31.500|ERROR|orders|web-2|com.orders.Store|main|order lost|\n");
        }
    }

    @Test
    void jsonFormatWritesOneLosslessLogbackJsonEventPerLine(TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages wire = new WireMessages("shop", "host-1");
        LoggingEvent event = wire.event(Level.ERROR, "com.shop.Orders", "worker-2", "order {} failed",
                new Object[] {"A-17"}, Map.of("user", "bob"), AppenderTrafficTest.failure(17));
        Path file = dir.resolve("logcast.json");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--format", "json")) {
            disk.awaitConsuming();
            wire.publish(exchange.channel, exchange.name, event);
            WrittenFile.awaitLines(file, 1, Duration.ofSeconds(30));

            ObjectMapper mapper = new ObjectMapper();
            JsonNode sent = mapper.readTree(wire.body(event));
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(1);
            JsonNode written = mapper.readTree(lines.get(0));
            for (String field : List.of("timestamp", "nanoseconds", "level", "threadName", "loggerName", "mdc",
                    "message", "formattedMessage", "arguments", "throwable")) {
                assertThat(written.get(field)).as(field).isEqualTo(sent.get(field));
            }
            assertThat(written.path("context").path("properties").path("logcast.app").asText()).isEqualTo("shop");
            assertThat(written.path("context").path("properties").path("logcast.host").asText()).isEqualTo("host-1");
        }
    }

}
