package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.Test;

class EventMessagesTest {

    private final RecordedStatus app = new RecordedStatus();
    private final EventMessages messages = new EventMessages("text/plain; charset=utf-8", "orders", "p1", 2, "host-7");

    @Test
    void oneEventGivesTheContractsPropertiesAndHeadersAndItsBodyUnchanged() {
        ILoggingEvent event = app.event(Level.WARN, "disk full", null);

        OutgoingMessage message = messages.create(List.of(event), List.of(bytes("WARN disk full")), 1);

        assertThat(message.body).isEqualTo(bytes("WARN disk full"));
        assertThat(message.eventCount).isEqualTo(1);
        assertThat(message.bufferSlots).isEqualTo(1);
        assertThat(message.properties.getContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(message.properties.getAppId()).isEqualTo("orders");
        assertThat(message.properties.getDeliveryMode()).isEqualTo(2);
        assertThat(message.properties.getMessageId()).isEqualTo("p1-1");
        assertThat(message.properties.getTimestamp().getTime()).isEqualTo(event.getTimeStamp());
        assertThat(message.properties.getHeaders()).isEqualTo(Map.of("level", "WARN", "logger", "app.orders",
                "thread", event.getThreadName(), "event_time", event.getTimeStamp(), "host", "host-7", "app", "orders",
                "producer", "p1", "seq", 1L));
    }

    @Test
    void aBatchJoinsItsBodiesOnePerLineWithItsCountItsFirstSeqAndItsHighestLevel() {
        List<ILoggingEvent> events = List.of(app.event(Level.INFO, "a", null), app.event(Level.ERROR, "b", null), app.event(Level.DEBUG, "c", null));

        OutgoingMessage batch = messages.create(events, List.of(bytes("{\"m\":\"a\"}\n"), bytes("{\"m\":\"b\"}"), bytes("{\"m\":\"c\"}\n")), 3);

        assertThat(new String(batch.body, StandardCharsets.UTF_8)).isEqualTo("{\"m\":\"a\"}\n{\"m\":\"b\"}\n{\"m\":\"c\"}\n");
        assertThat(batch.eventCount).isEqualTo(3);
        assertThat(batch.properties.getHeaders()).containsEntry("event_count", 3).containsEntry("level", "ERROR").containsEntry("seq", 1L);
        assertThat(batch.properties.getMessageId()).isEqualTo("p1-1");
    }

    @Test
    void seqsCountEventsSoTheMessageAfterABatchStartsAfterItsLastEvent() {
        messages.create(List.of(app.event("a"), app.event("b")), List.of(bytes("a"), bytes("b")), 2);
        OutgoingMessage next = messages.create(List.of(app.event("c")), List.of(bytes("c")), 1);

        assertThat(next.properties.getHeaders()).containsEntry("seq", 3L).doesNotContainKey("event_count");
        assertThat(next.properties.getMessageId()).isEqualTo("p1-3");
    }

    @Test
    void aBodyTakesItsLengthAndANewlineInABatch() {
        assertThat(EventMessages.lineLength(bytes("abc\n"))).isEqualTo(4);
        assertThat(EventMessages.lineLength(bytes("abc"))).isEqualTo(4);
    }

    @Test
    void theHostIsLogbacksUnlessItFoundNone() {
        assertThat(EventMessages.hostFromContext("web-1")).isEqualTo("web-1");
        assertThat(EventMessages.hostFromContext("UNKNOWN_LOCALHOST")).isNull();
        assertThat(EventMessages.hostFromContext(null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
