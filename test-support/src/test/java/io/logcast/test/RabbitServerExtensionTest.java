package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class RabbitServerExtensionTest {

    private static final String ABSENT = "rabbitmq-server is not installed (not on PATH nor in /usr/sbin, /usr/local/sbin, /usr/lib/rabbitmq/bin)";

    @Test
    void withoutAUsableRabbitmqServerATestIsSkippedWithTheReason() {
        ConditionEvaluationResult result = RabbitServerExtension.evaluate(Optional.of(ABSENT), Map.of());

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("needs RabbitMQ nodes of its own, but " + ABSENT);
    }

    @Test
    void whereTheEnvironmentRequiresRabbitMqAMissingRabbitmqServerFailsTheTestInstead() {
        assertThatThrownBy(() -> RabbitServerExtension.evaluate(Optional.of(ABSENT), Map.of("LOGCAST_TEST_BROKER", "rabbitmq")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("LOGCAST_TEST_BROKER=rabbitmq: this test needs RabbitMQ nodes of its own, but " + ABSENT);
    }

    @Test
    void aUsableRabbitmqServerEnablesTheTest() {
        assertThat(RabbitServerExtension.evaluate(Optional.empty(), Map.of("LOGCAST_TEST_BROKER", "rabbitmq")).isDisabled()).isFalse();
    }
}
