package io.logcast.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.ConnectionFactory;

import org.junit.jupiter.api.Test;

class BrokerUriTest {

    @Test
    void everyPasswordInATextIsMasked() {
        assertThat(BrokerUri.mask("amqp://guest:s3cr%40t@localhost:5672/%2F and amqps://u:p@h/v"))
                .isEqualTo("amqp://guest:****@localhost:5672/%2F and amqps://u:****@h/v");
        assertThat(BrokerUri.mask("amqp://localhost")).isEqualTo("amqp://localhost");
        assertThat(BrokerUri.mask("amqps://user@broker/vh")).isEqualTo("amqps://user@broker/vh");
        assertThat(BrokerUri.mask(null)).isNull();
    }

    @Test
    void aParsedUriPrintsOnlyMasked() {
        BrokerUri uri = BrokerUri.parse("amqp://app:hunter2@broker:5673/prod");

        assertThat(uri.masked()).isEqualTo("amqp://app:****@broker:5673/prod");
        assertThat(uri.toString()).doesNotContain("hunter2");
        assertThat(uri.isTls()).isFalse();
    }

    @Test
    void unusableUrisAreRefusedWithTheReasonAndNoPassword() {
        assertThatThrownBy(() -> BrokerUri.parse("http://u:hunter2@broker/"))
                .hasMessage("'http://u:****@broker/' is not a valid AMQP URI (the scheme must be amqp or amqps); "
                        + "expected amqp://user:password@host:5672/vhost or amqps://...");
        assertThatThrownBy(() -> BrokerUri.parse("amqp://u:hunter2@bad host:5672/%2F"))
                .hasMessageStartingWith("'amqp://u:****@bad host:5672/%2F' is not a valid AMQP URI (")
                .message().doesNotContain("hunter2");
        assertThatThrownBy(() -> BrokerUri.parse("amqp:///vhost")).hasMessageContaining("(it has no host)");
        assertThatThrownBy(() -> BrokerUri.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultIsTheTutorialsLocalBroker() {
        ConnectionFactory factory = ConnectionFactories.create(BrokerUri.parse(BrokerUri.DEFAULT), null, 1_000);

        assertThat(factory.getHost()).isEqualTo("localhost");
        assertThat(factory.getPort()).isEqualTo(5672);
        assertThat(factory.getVirtualHost()).isEqualTo("/");
        assertThat(factory.getUsername()).isEqualTo("guest");
    }

    @Test
    void amqpsGetsTheTlsPortAndTheGivenContextNeverTrustEverything() throws Exception {
        SSLContext verifying = TrustStores.context(null, null);
        ConnectionFactory factory = ConnectionFactories.create(BrokerUri.parse("amqps://u:p@broker/v"), verifying, 2_000);

        assertThat(factory.getPort()).isEqualTo(5671);
        assertThat(factory.isSSL()).isTrue();
        assertThat(factory.isAutomaticRecoveryEnabled()).isFalse();
        assertThat(factory.getRequestedHeartbeat()).isEqualTo(ConnectionFactories.HEARTBEAT_SECONDS);
        assertThat(factory.getConnectionTimeout()).isEqualTo(2_000);
        // amqp-client waits half of it for each answer of the broker
        assertThat(factory.getHandshakeTimeout()).isEqualTo(4_000);
        assertThatThrownBy(() -> ConnectionFactories.create(BrokerUri.parse("amqps://u:p@broker/v"), null, 2_000))
                .hasMessage("an amqps:// URI needs a TLS context");
    }
}
