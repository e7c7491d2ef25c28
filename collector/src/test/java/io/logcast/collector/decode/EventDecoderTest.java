package io.logcast.collector.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;

import io.logcast.core.WireContract;

import org.junit.jupiter.api.Test;

/** The decoder alone: every kind of body the wire contract promises to accept, without a broker. */
class EventDecoderTest {

    private static final long TIME = Instant.parse("2026-12-03T08:44:07.955Z").toEpochMilli();

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void ourJsonGivesBackEveryFieldOfTheEventAndTheHeadersGiveItsApplicationAndHost() {
        LoggingEvent logged = logged(Level.ERROR, "com.shop.Orders", "worker-2", "order {} failed", "A-17");
        logged.setMDCPropertyMap(Map.of("user", "bob"));
        logged.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("card expired")));

        RemoteEvent event = single(headers(Map.of(WireContract.HEADER_APP, "shop", WireContract.HEADER_HOST, "web-1"),
                WireContract.CONTENT_TYPE_JSON, null), json(logged));

        assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        assertThat(event.getLoggerName()).isEqualTo("com.shop.Orders");
        assertThat(event.getThreadName()).isEqualTo("worker-2");
        assertThat(event.getMessage()).isEqualTo("order {} failed");
        assertThat(event.getFormattedMessage()).isEqualTo("order A-17 failed");
        assertThat(event.getArgumentArray()).containsExactly("A-17");
        assertThat(event.getTimeStamp()).isEqualTo(TIME);
        assertThat(event.getMDCPropertyMap()).containsExactly(Map.entry("user", "bob"));
        assertThat(event.getThrowableProxy().getClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("card expired");
        assertThat(event.getLoggerContextVO().getPropertyMap())
                .containsEntry(RemoteEvent.APP_PROPERTY, "shop").containsEntry(RemoteEvent.HOST_PROPERTY, "web-1");
    }

    @Test
    void aBatchIsOneEventPerLineInTheOrderLogged() {
        byte[] body = concat(json(logged(Level.INFO, "a", "t", "first")), json(logged(Level.WARN, "b", "t", "second")),
                "\n  \n".getBytes(StandardCharsets.UTF_8), json(logged(Level.DEBUG, "c", "t", "third")));

        List<RemoteEvent> events = decoder.decode(headers(Map.of(WireContract.HEADER_EVENT_COUNT, 3), WireContract.CONTENT_TYPE_JSON, null), body);

        assertThat(events).extracting(RemoteEvent::getFormattedMessage).containsExactly("first", "second", "third");
        assertThat(events).extracting(RemoteEvent::getLevel).containsExactly(Level.INFO, Level.WARN, Level.DEBUG);
    }

    @Test
    void logstashFieldNamesAndEcsPathsAreRead() {
        String logstash = "{\"@timestamp\":\"2026-03-01T10:15:30.123Z\",\"message\":\"payment refused\",\"logger_name\":\"com.pay.Gateway\","
                + "\"thread_name\":\"http-4\",\"level\":\"WARN\",\"stack_trace\":\"java.lang.IllegalStateException: card expired\\n\\tat x.y(Y.java:1)\\n\"}";
        String ecs = "{\"@timestamp\":\"2026-03-01T10:15:31.5Z\",\"log.level\":\"ERROR\",\"message\":\"order lost\",\"service.name\":\"orders\","
                + "\"host\":{\"name\":\"web-2\"},\"process.thread.name\":\"main\",\"log\":{\"logger\":\"com.orders.Store\"}}";

        RemoteEvent fromLogstash = single(headers(Map.of(), WireContract.CONTENT_TYPE_JSON, null), bytes(logstash));
        RemoteEvent fromEcs = single(headers(Map.of(), WireContract.CONTENT_TYPE_JSON, null), bytes(ecs));

        assertThat(fromLogstash.getFormattedMessage()).isEqualTo("payment refused\njava.lang.IllegalStateException: card expired\n\tat x.y(Y.java:1)");
        assertThat(List.of(fromLogstash.getLevel(), fromLogstash.getLoggerName(), fromLogstash.getThreadName(), fromLogstash.getTimeStamp()))
                .containsExactly(Level.WARN, "com.pay.Gateway", "http-4", Instant.parse("2026-03-01T10:15:30.123Z").toEpochMilli());
        assertThat(List.of(fromEcs.getLevel(), fromEcs.getLoggerName(), fromEcs.getThreadName(), fromEcs.getTimeStamp()))
                .containsExactly(Level.ERROR, "com.orders.Store", "main", Instant.parse("2026-03-01T10:15:31.5Z").toEpochMilli());
        assertThat(fromEcs.getLoggerContextVO().getPropertyMap())
                .containsEntry(RemoteEvent.APP_PROPERTY, "orders").containsEntry(RemoteEvent.HOST_PROPERTY, "web-2");
    }

    @Test
    void aTextBodyTakesItsLevelFromTheHeaderElseFromALeadingWordElseInfoAndLosesOnlyItsLineEnd() {
        RemoteEvent tutorial = single(MessageHeaders.of(null), bytes("warning: disk almost full\r\n"));
        RemoteEvent bracketed = single(MessageHeaders.of(null), bytes("[ERROR]: it broke"));
        RemoteEvent headed = single(headers(Map.of(WireContract.HEADER_LEVEL, "DEBUG"), null, null), bytes("error: only a word"));
        RemoteEvent plain = single(MessageHeaders.of(null), bytes("Hello World!\n\n"));

        assertThat(tutorial.getLevel()).isEqualTo(Level.WARN);
        assertThat(tutorial.getFormattedMessage()).isEqualTo("warning: disk almost full");
        assertThat(tutorial.getLoggerName()).isEqualTo(EventDecoder.PLAIN_TEXT_LOGGER);
        assertThat(bracketed.getLevel()).isEqualTo(Level.ERROR);
        assertThat(headed.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(plain.getLevel()).isEqualTo(Level.INFO);
        assertThat(plain.getFormattedMessage()).isEqualTo("Hello World!\n");
    }

    @Test
    void garbageBecomesTextThatKeepsEveryByteAndSaysWhy() {
        byte[] invalidUtf8 = {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, '(', ' ', 'e', 'n', 'd'};
        String deep = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
        MessageHeaders json = headers(Map.of(), WireContract.CONTENT_TYPE_JSON, null);

        RemoteEvent invalid = single(MessageHeaders.of(null), invalidUtf8);
        RemoteEvent truncated = single(json, bytes("{\"level\":\"ERROR\",\"loggerName\":"));
        RemoteEvent notAnObject = single(json, bytes("[1, 2]"));
        RemoteEvent tooDeep = single(json, bytes(deep));
        RemoteEvent invalidJsonUtf8 = single(json, concat(bytes("{\"message\":\""), new byte[] {(byte) 0xc3, '('}, bytes("\"}")));

        assertThat(invalid.getFormattedMessage()).isEqualTo("bad \\xFF\\xFE \\xC3( end");
        assertThat(invalid.getLoggerName()).isEqualTo(EventDecoder.PLAIN_TEXT_LOGGER);
        assertThat(truncated.getLoggerName()).isEqualTo(EventDecoder.UNDECODABLE_LOGGER);
        assertThat(truncated.getFormattedMessage()).isEqualTo("{\"level\":\"ERROR\",\"loggerName\":");
        assertThat(truncated.getMDCPropertyMap().get(EventDecoder.DECODE_ERROR_KEY)).startsWith("invalid JSON: Unexpected end-of-input");
        assertThat(notAnObject.getMDCPropertyMap()).containsEntry(EventDecoder.DECODE_ERROR_KEY, "not a JSON object");
        assertThat(tooDeep.getMDCPropertyMap().get(EventDecoder.DECODE_ERROR_KEY)).startsWith("invalid JSON: Document nesting depth (501)");
        assertThat(tooDeep.getFormattedMessage()).isEqualTo(deep);
        assertThat(invalidJsonUtf8.getMDCPropertyMap()).containsEntry(EventDecoder.DECODE_ERROR_KEY, "invalid JSON: body is not UTF-8");
        assertThat(invalidJsonUtf8.getFormattedMessage()).isEqualTo("{\"message\":\"\\xC3(\"}");
    }

    @Test
    void aJsonStringLongerThanJacksonsDefaultLimitIsDecoded() {
        String message = "x".repeat(21_000_000);

        RemoteEvent event = single(headers(Map.of(), WireContract.CONTENT_TYPE_JSON, null), bytes("{\"message\":\"" + message + "\"}"));

        assertThat(event.getLoggerName()).isEqualTo(EventDecoder.PLAIN_TEXT_LOGGER);
        assertThat(event.getFormattedMessage()).hasSize(message.length()).isEqualTo(message);
    }

    @Test
    void headersOfTheWrongTypeAreAbsentAndAppIdStandsInForTheAppHeader() {
        Map<String, Object> wrong = new HashMap<>();
        wrong.put(WireContract.HEADER_LEVEL, 42);
        wrong.put(WireContract.HEADER_EVENT_TIME, "yesterday");
        wrong.put(WireContract.HEADER_EVENT_COUNT, "many");
        wrong.put(WireContract.HEADER_SEQ, true);
        wrong.put(WireContract.HEADER_PRODUCER, " ");
        wrong.put(WireContract.HEADER_LOGGER, List.of("not", "a", "string"));
        wrong.put(WireContract.HEADER_THREAD, LongStringHelper.asLongString("worker-1"));
        MessageHeaders headers = MessageHeaders.of(new AMQP.BasicProperties.Builder().appId("billing").headers(wrong).build());

        RemoteEvent event = single(headers, bytes("headers of the wrong type"));

        assertThat(List.of(event.getLevel(), event.getLoggerName(), event.getThreadName()))
                .containsExactly(Level.INFO, EventDecoder.PLAIN_TEXT_LOGGER, "worker-1");
        assertThat(headers.seq()).isNull();
        assertThat(headers.eventCount()).isNull();
        assertThat(headers.producer()).isNull();
        assertThat(headers.app()).isEqualTo("billing");
        assertThat(event.getLoggerContextVO().getPropertyMap()).containsEntry(RemoteEvent.APP_PROPERTY, "billing");
    }

    @Test
    void springAmqpsHeadersGiveLoggerLevelThreadAndLocationAndItsTextsLeadingTimeTheMilliseconds() {
        // what spring-rabbit 4.1's Logback AmqpAppender sends with the layout "%d %p %t [%c] - <%m>%n"
        Map<String, Object> spring = Map.of("categoryName", "com.shop.Payments", "level", "WARN", "thread", "http-7",
                "location", "com.shop.Payments.refund()[42]");
        MessageHeaders headers = headers(spring, "text/plain", TIME / 1000 * 1000);

        RemoteEvent event = single(headers, bytes("2026-12-03 09:44:07,955 WARN http-7 [com.shop.Payments] - <refund refused>\n"));

        assertThat(List.of(event.getLoggerName(), event.getLevel(), event.getThreadName(), event.getTimeStamp()))
                .containsExactly("com.shop.Payments", Level.WARN, "http-7", TIME);
        assertThat(event.getCallerData()).containsExactly(new StackTraceElement("com.shop.Payments", "refund", null, 42));
        assertThat(event.getFormattedMessage()).isEqualTo("2026-12-03 09:44:07,955 WARN http-7 [com.shop.Payments] - <refund refused>");
    }

    @Test
    void ourHeadersComeBeforeSpringsAndATimeTheTimestampDoesNotConfirmIsNotUsed() {
        Map<String, Object> both = Map.of(WireContract.HEADER_LOGGER, "ours", "categoryName", "spring", "location", "no location");
        long wholeSecond = TIME / 1000 * 1000;

        RemoteEvent event = single(headers(both, null, wholeSecond), bytes("2026-12-03 09:44:08,955 a second later"));
        RemoteEvent withEventTime = single(headers(Map.of(WireContract.HEADER_EVENT_TIME, TIME + 1), null, wholeSecond),
                bytes("2026-12-03 08:44:07,955 the header's time wins"));
        RemoteEvent zoned = single(MessageHeaders.of(null), bytes("2026-12-03T10:44:07.955+02:00 INFO zoned, no timestamp"));

        assertThat(event.getLoggerName()).isEqualTo("ours");
        assertThat(event.hasCallerData()).isFalse();
        assertThat(event.getTimeStamp()).isEqualTo(wholeSecond);
        assertThat(withEventTime.getTimeStamp()).isEqualTo(TIME + 1);
        assertThat(zoned.getTimeStamp()).isEqualTo(TIME);
    }

    private RemoteEvent single(MessageHeaders headers, byte[] body) {
        List<RemoteEvent> events = decoder.decode(headers, body);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static MessageHeaders headers(Map<String, Object> headers, String contentType, Long timestamp) {
        return MessageHeaders.of(new AMQP.BasicProperties.Builder().contentType(contentType).headers(headers)
                .timestamp(timestamp == null ? null : new Date(timestamp)).build());
    }

    private static LoggingEvent logged(Level level, String logger, String thread, String message, Object... arguments) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LoggingEvent event = new LoggingEvent(EventDecoderTest.class.getName(), context.getLogger(logger), level, message, null,
                arguments.length == 0 ? null : arguments);
        event.setThreadName(thread);
        event.setTimeStamp(TIME);
        return event;
    }

    private static byte[] json(LoggingEvent event) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(new LoggerContext());
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder.encode(event);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
