package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.Duration;

import org.junit.jupiter.api.Test;

class AppenderSettingsTest {

    @Test
    void theDefaultsAreUsable() {
        assertThat(new AppenderSettings().problems()).isEmpty();
    }

    @Test
    void eachUnusableSettingIsOneProblemThatNamesIt() {
        AppenderSettings settings = new AppenderSettings();
        settings.deliveryMode = 3;
        settings.maxMessageBytes = 1023;
        settings.contentType = " ";
        settings.reconnectDelay = Duration.buildBySeconds(2);
        settings.maxReconnectDelay = Duration.buildBySeconds(1);

        assertThat(settings.problems()).containsExactly(
                "contentType must not be empty (leave it out to derive it from the encoder)",
                "deliveryMode must be 1 (transient) or 2 (persistent), not 3",
                "maxReconnectDelay must be at least reconnectDelay",
                "maxMessageBytes must be at least 1024, not 1023");
    }

    @Test
    void aBatchStaysWithinTheMessageLimit() {
        AppenderSettings settings = new AppenderSettings();
        settings.maxBatchEvents = 100;
        settings.maxMessageBytes = 100_000;

        assertThat(settings.batchLimits().maxBytes).isEqualTo(100_000);
        settings.maxMessageBytes = 1 << 20;
        assertThat(settings.batchLimits().maxBytes).isEqualTo(AppenderSettings.DEFAULT_MAX_BATCH_BYTES);
    }
}
