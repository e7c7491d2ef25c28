package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.status.Status;

import org.junit.jupiter.api.Test;

class EventEncoderTest {

    private final RecordedStatus app = new RecordedStatus();
    private final Counters counters = new Counters();

    @Test
    void anEventWithinTheLimitIsEncodedAsItIs() {
        JsonEncoder json = app.json();
        ILoggingEvent event = app.event("fits");

        assertThat(encoder(json, CredentialMask.of("amqp://guest:guest@localhost/%2F", null, null)).encode(event)).isEqualTo(json.encode(event));
        assertThat(counters.truncated.get()).isZero();
    }

    @Test
    void cutEventsAreCountedAndABurstIsSaidOnce() {
        EventEncoder encoder = encoder(app.json(), new CredentialMask(List.of()));

        byte[] first = encoder.encode(app.event("a".repeat(10_000)));
        byte[] second = encoder.encode(app.event("b".repeat(20_000)));

        assertThat(first.length).isLessThanOrEqualTo(4096);
        assertThat(second.length).isLessThanOrEqualTo(4096);
        assertThat(counters.truncated.get()).isEqualTo(2);
        assertThat(app.warnings()).hasSize(1);
        assertThat(app.warnings().get(0)).startsWith("RabbitMQAppender [unit]: an event from logger app.orders encodes to ")
                .contains("more than maxMessageBytes (4096): published cut to ")
                .endsWith("its message then its stack trace marked [truncated N bytes]; 1 cut so far (TruncatedCount),"
                        + " the others of this burst are not said");
    }

    @Test
    void anEventThatCannotBeEncodedIsCountedAndTheFirstIsSaid() {
        JsonEncoder failing = new JsonEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                throw new IllegalArgumentException("no");
            }
        };
        EventEncoder encoder = encoder(failing, new CredentialMask(List.of()));

        assertThat(encoder.encode(app.event("one"))).isNull();
        assertThat(encoder.encode(app.event("two"))).isNull();

        assertThat(counters.unencodable.get()).isEqualTo(2);
        assertThat(app.at(Status.ERROR)).containsExactly("RabbitMQAppender [unit]: the encoder failed on an event from logger app.orders;"
                + " such events are skipped (UnencodableCount)");
    }

    @Test
    void contextPropertiesNeverCarryTheAppendersCredentials() {
        app.context.putProperty("rabbit.uri", "amqp://logger:s3cret-Pa55@broker:5672/%2F");
        app.context.putProperty("rabbit.password", "s3cret-Pa55");
        app.context.putProperty("truststore.password", "trust-me-42");
        app.context.putProperty("region", "eu-west");
        ILoggingEvent event = app.event("login");
        EventEncoder encoder = encoder(app.json(), CredentialMask.of("amqp://logger:s3cret-Pa55@broker:5672/%2F", null, "trust-me-42"));

        String body = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(body).doesNotContain("s3cret-Pa55").doesNotContain("trust-me-42")
                .contains("\"rabbit.uri\":\"amqp:\\/\\/logger:****@broker:5672\\/%2F\"") // JSON escapes the slashes
                .contains("\"rabbit.password\":\"****\"")
                .contains("\"truststore.password\":\"****\"")
                .contains("\"region\":\"eu-west\"");
        assertThat(event.getLoggerContextVO().getPropertyMap()).as("the event itself is unchanged, for other appenders")
                .containsEntry("rabbit.password", "s3cret-Pa55");
    }

    private EventEncoder encoder(JsonEncoder json, CredentialMask mask) {
        return new EventEncoder(json, mask, new Truncation(json, 4096), counters, app.reporter);
    }
}
