package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.Test;

class CredentialMaskTest {

    @Test
    void masksTheUrisPasswordAsWrittenAndDecodedThePasswordOverrideAndTheTrustStorePassword() {
        CredentialMask mask = CredentialMask.of("amqp://app:p%40ss@broker/%2F", "override-pw", "store-pw");

        assertThat(mask.mask("p@ss")).isEqualTo("****");
        assertThat(mask.mask("p%40ss")).isEqualTo("****");
        assertThat(mask.mask("amqp://app:p%40ss@broker/%2F")).isEqualTo("amqp://app:****@broker/%2F");
        assertThat(mask.mask("--password=override-pw")).isEqualTo("--password=****");
        assertThat(mask.mask("store-pw")).isEqualTo("****");
    }

    @Test
    void masksThePasswordOfAnyAmqpUriAndLeavesOtherValuesAlone() {
        CredentialMask mask = CredentialMask.of("amqp://guest:guest@localhost/%2F", null, null);

        assertThat(mask.mask("amqps://other:elsewhere@host:5671/v")).isEqualTo("amqps://other:****@host:5671/v");
        assertThat(mask.mask("eu-west")).isEqualTo("eu-west");
    }

    @Test
    void anEventWhoseContextHoldsNoCredentialIsPublishedAsItIs() {
        RecordedStatus app = new RecordedStatus();
        app.context.putProperty("region", "eu-west");
        ILoggingEvent event = app.event("plain");

        assertThat(CredentialMask.of("amqp://app:secret@broker/%2F", null, null).apply(event)).isSameAs(event);
    }

    @Test
    void anEventWhoseContextHoldsACredentialIsSeenThroughAMaskedView() {
        RecordedStatus app = new RecordedStatus();
        app.context.putProperty("amqp", "amqp://app:secret@broker/%2F");
        ILoggingEvent event = app.event("masked");

        ILoggingEvent seen = CredentialMask.of("amqp://app:secret@broker/%2F", null, null).apply(event);

        assertThat(seen.getLoggerContextVO().getPropertyMap()).containsEntry("amqp", "amqp://app:****@broker/%2F");
        assertThat(seen.getFormattedMessage()).isEqualTo("masked");
        assertThat(seen.getLoggerContextVO().getName()).isEqualTo("unit-app");
    }
}
