package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import io.logcast.core.BrokerUri;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The wire contract, exactly. */
@RealBroker
class WireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesContractPropertiesAndHeadersAndAJsonBodyThatDecodesBackToTheEvent(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-wire");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("wire-json", broker.uri(), exchange, a -> {
                                        a.setApplication("orders-service");
                })) {
            IllegalStateException failure = new IllegalStateException("payment declined",
                    new IOException("gateway timeout", new IllegalArgumentException("bad card")));
            failure.addSuppressed(new UnsupportedOperationException("rollback failed"));
            MDC.put("orderId", "o-42");
            long before = System.currentTimeMillis();
            try {
                logging.logger.atError().setMessage("order {} failed for {}").addArgument(42).addArgument("alice")
                        .addKeyValue("amount", "12.50").setCause(failure).log();
            } finally {
                MDC.remove("orderId");
            }
            logging.logger.info("second event");

            List<Delivery> received = captured.await(2, Duration.ofSeconds(20));
            assertThat(received).hasSize(2);
            Delivery first = received.get(0);
            AMQP.BasicProperties props = first.getProperties();
            String producer = (String) CapturedMessages.header(first, "producer");
            assertThat(producer).matches("[0-9a-f-]{36}");
            assertThat(props.getContentType()).isEqualTo("application/json");
            assertThat(props.getAppId()).isEqualTo("orders-service");
            assertThat(props.getDeliveryMode()).isEqualTo(1);
            assertThat(props.getMessageId()).isEqualTo(producer + "-1");
            assertThat(props.getTimestamp().getTime() / 1000).isBetween(before / 1000, System.currentTimeMillis() / 1000);
            Map<String, Object> headers = props.getHeaders();
            assertThat(headers.keySet()).containsExactlyInAnyOrder("level", "logger", "thread", "event_time", "host", "app", "producer", "seq");
            assertThat(headers.get("level").toString()).isEqualTo("ERROR");
            assertThat(headers.get("logger").toString()).isEqualTo("app.orders");
            assertThat(headers.get("thread").toString()).isEqualTo(Thread.currentThread().getName());
            assertThat(headers.get("event_time")).isInstanceOf(Long.class);
            assertThat((Long) headers.get("event_time")).isBetween(before, System.currentTimeMillis());
            assertThat(headers.get("host").toString()).isNotBlank();
            assertThat(headers.get("app").toString()).isEqualTo("orders-service");
            assertThat(headers.get("seq")).isEqualTo(1L);
            assertThat(received.get(1).getProperties().getHeaders().get("seq")).isEqualTo(2L);
            assertThat(received.get(1).getProperties().getMessageId()).isEqualTo(producer + "-2");

            String body = CapturedMessages.body(first);
            assertThat(body).endsWith("\n").doesNotContain("\n{");
            JsonNode event = JSON.readTree(body);
            assertThat(event.get("level").asText()).isEqualTo("ERROR");
            assertThat(event.get("loggerName").asText()).isEqualTo("app.orders");
            assertThat(event.get("threadName").asText()).isEqualTo(Thread.currentThread().getName());
            assertThat(event.get("formattedMessage").asText()).isEqualTo("order 42 failed for alice");
            assertThat(event.get("mdc").get("orderId").asText()).isEqualTo("o-42");
            assertThat(event.get("kvpList").toString()).isEqualTo("[{\"amount\":\"12.50\"}]");
            JsonNode thrown = event.get("throwable");
            assertThat(thrown.get("className").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(thrown.get("message").asText()).isEqualTo("payment declined");
            assertThat(thrown.get("cause").get("className").asText()).isEqualTo("java.io.IOException");
            assertThat(thrown.get("cause").get("message").asText()).isEqualTo("gateway timeout");
            assertThat(thrown.get("cause").get("cause").get("className").asText()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(thrown.get("cause").get("cause").get("message").asText()).isEqualTo("bad card");
            assertThat(thrown.get("suppressed").get(0).get("className").asText()).isEqualTo("java.lang.UnsupportedOperationException");
            assertThat(thrown.get("suppressed").get(0).get("message").asText()).isEqualTo("rollback failed");
            assertThat(thrown.get("stepArray").size()).isGreaterThan(0);
        }
    }

    @Test
    void patternLayoutEncoderGivesAPlainTextBody(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-wire-text");
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("wire-text", a -> {
                    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                    encoder.setContext(a.getContext());
                    encoder.setPattern("%level %logger - %msg%n");
                    encoder.start();
                    a.setUri(broker.uri());
                    a.setExchange(exchange);
                    a.setEncoder(encoder);
                })) {
            logging.logger.warn("disk at {}% on {}", 91, "vol-ü");

            List<Delivery> received = captured.await(1, Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getProperties().getContentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(CapturedMessages.body(received.get(0))).isEqualTo("WARN app.orders - disk at 91% on vol-ü\n");
            assertThat(CapturedMessages.header(received.get(0), "level")).isEqualTo("WARN");
        }
    }

    @Test
    void theDefaultEncodingNeverCarriesTheAppendersCredentialsWhateverTheContextProperties(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-wire-credentials");
        String password = URI.create(broker.uri()).getUserInfo().split(":", 2)[1];
        String trustStorePassword = "Tru5t-st0re-pw";
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange);
                LoggingFixture logging = LoggingFixture.start("wire-credentials", broker.uri(), exchange, a -> {
                    // as Spring Boot's <springProperty scope="context" .../> puts them
                    a.getContext().putProperty("rabbitmq.uri", broker.uri());
                    a.getContext().putProperty("rabbitmq.password", password);
                    a.getContext().putProperty("truststore.password", trustStorePassword);
                    a.getContext().putProperty("region", "eu-west-1");
                    a.setTrustStorePassword(trustStorePassword);
                })) {
            logging.logger.info("an ordinary event");

            List<Delivery> received = captured.await(1, Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            String body = CapturedMessages.body(received.get(0));
            assertThat(body).doesNotContain(password).doesNotContain(trustStorePassword);
            JsonNode properties = JSON.readTree(body).get("context").get("properties");
            assertThat(properties.get("rabbitmq.uri").asText()).isEqualTo(BrokerUri.mask(broker.uri()).replace(password, "****"));
            assertThat(properties.get("rabbitmq.password").asText()).isEqualTo("****");
            assertThat(properties.get("truststore.password").asText()).isEqualTo("****");
            assertThat(properties.get("region").asText()).isEqualTo("eu-west-1");
            assertThat(logging.context.getProperty("rabbitmq.password")).as("the application's own context is unchanged").isEqualTo(password);
        }
    }
}
