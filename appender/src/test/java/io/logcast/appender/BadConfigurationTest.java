package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import ch.qos.logback.core.status.Status;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.RequiresRabbitMQ;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** One clear status error naming the appender and the cause; the password never shows; the application goes on. */
@RealBroker
class BadConfigurationTest {

    private static final String SECRET = "s3cret-Pa55";

    @Test
    void unparseableUriIsOneErrorAndTheAppenderDoesNotStart() {
        try (LoggingFixture logging = LoggingFixture.start("bad-uri", a -> a.setUri("amqp://guest:" + SECRET + "@bad host:5672/%2F"))) {
            logging.logger.info("the application goes on");

            assertThat(logging.appender.isStarted()).isFalse();
            assertThat(logging.errors()).hasSize(1);
            assertThat(logging.errors().get(0))
                    .startsWith("RabbitMQAppender [bad-uri]: uri 'amqp://guest:****@bad host:5672/%2F' is not a valid AMQP URI")
                    .endsWith("the appender does not start and the application goes on without it");
            assertNoSecretIn(logging);
        }
    }

    @Test
    void addressesThatAreNoListOfHostAndPortAreOneErrorThatSaysWhichEntryAndWhy() {
        try (LoggingFixture logging = LoggingFixture.start("bad-addresses", a -> a.setAddresses("node1:5672,node2:amqp"))) {
            logging.logger.info("the application goes on");

            assertThat(logging.appender.isStarted()).isFalse();
            assertThat(logging.errors()).singleElement().asString()
                    .startsWith("RabbitMQAppender [bad-addresses]: addresses 'node1:5672,node2:amqp' is not a list of host:port "
                            + "(entry 2 'node2:amqp' has no valid port)")
                    .endsWith("the appender does not start and the application goes on without it");
        }
    }

    @Test
    void unknownHostIsOneErrorAcrossRetriesAndLoggingGoesOn() {
        try (LoggingFixture logging = LoggingFixture.start("bad-host", a -> a.setUri("amqp://guest:" + SECRET + "@no-such-host.invalid:5672/%2F"))) {
            logging.logger.info("the application goes on");
            logging.awaitConnectionAttempts(3);

            assertThat(logging.errors()).hasSize(1);
            assertThat(logging.errors().get(0)).isEqualTo("RabbitMQAppender [bad-host]: unknown host: cannot resolve the broker's host"
                    + " (user 'guest' at no-such-host.invalid:5672 vhost '/'); check uri or addresses");
            assertThat(logging.appender.getBufferDepth()).isEqualTo(1);
            assertNoSecretIn(logging);
        }
    }

    @Test
    void refusedLoginIsOneErrorAcrossRetriesWithThePasswordMasked(TestBroker broker) {
        String uri = broker.uri().replaceFirst("://[^@]*@", "://guest:" + SECRET + "@");
        try (LoggingFixture logging = LoggingFixture.start("bad-login", a -> a.setUri(uri))) {
            logging.logger.info("the application goes on");
            logging.awaitConnectionAttempts(3);

            assertThat(logging.errors()).hasSize(1);
            assertThat(logging.errors().get(0)).startsWith("RabbitMQAppender [bad-login]: login refused for user 'guest' at ")
                    .contains("check username, password and virtualHost");
            assertNoSecretIn(logging);
        }
    }

    @Test
    void exchangeOfAnotherTypeIsOneErrorThatSaysWhichSettingToChange(TestBroker broker) throws Exception {
        LoggingFixture logging = startAgainstExistingExchange(broker, "topic", false, "bad-exchange-type");
        assertThat(logging.errors().get(0)).contains("To match it, set <exchangeType>topic</exchangeType>; or delete the exchange");
    }

    @Test
    @RequiresRabbitMQ // Qpid Broker-J lets a redeclaration change durability
    void exchangeOfAnotherDurabilityIsOneErrorThatSaysWhichSettingToChange(TestBroker broker) throws Exception {
        LoggingFixture logging = startAgainstExistingExchange(broker, "fanout", true, "bad-exchange-durable");
        assertThat(logging.errors().get(0)).contains("406 PRECONDITION_FAILED")
                .contains(": it is durable=true; ")
                .contains("To match it, set <exchangeDurable>true</exchangeDurable>; or delete the exchange");
    }

    @Test
    @RequiresRabbitMQ // RabbitMQ names one difference per refusal; the others are found by declaring again
    void exchangeOfAnotherTypeAndDurabilityIsOneErrorThatNamesBothSettings(TestBroker broker) throws Exception {
        LoggingFixture logging = startAgainstExistingExchange(broker, "topic", true, "bad-exchange-both");
        assertThat(logging.errors().get(0)).contains("406 PRECONDITION_FAILED - inequivalent arg 'type'")
                .contains(": it is type topic, durable=true; ")
                .contains("To match it, set <exchangeType>topic</exchangeType> and set <exchangeDurable>true</exchangeDurable>; "
                        + "or delete the exchange, or set <declareExchange>false</declareExchange> to use it as it is");
    }

    /** Declares the exchange as {@code type}/{@code durable}, runs a default appender against it; returns it, stopped. */
    private static LoggingFixture startAgainstExistingExchange(TestBroker broker, String type, boolean durable, String name) throws Exception {
        String exchange = Queues.uniqueExchange("logs-" + name);
        try (Connection connection = broker.newConnection("appender-test-" + name)) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(exchange, type, durable);
            try (LoggingFixture logging = LoggingFixture.start(name, broker.uri(), exchange, a -> { })) {
                logging.logger.info("the application goes on");
                logging.awaitConnectionAttempts(3);

                assertThat(logging.errors()).hasSize(1);
                assertThat(logging.errors().get(0))
                        .startsWith("RabbitMQAppender [" + name + "]: exchange '" + exchange + "' exists with other settings (")
                        .contains("; this appender declares it: type fanout, durable=false, auto-delete=false, internal=false, "
                                + "no arguments. To match it, ");
                assertThat(logging.appender.getBufferDepth()).isEqualTo(1);
                return logging;
            } finally {
                if (!channel.isOpen()) {
                    channel = connection.createChannel();
                }
                channel.exchangeDelete(exchange);
            }
        }
    }

    private static void assertNoSecretIn(LoggingFixture logging) {
        assertThat(logging.context.getStatusManager().getCopyOfStatusList()).extracting(Status::getMessage)
                .noneMatch(message -> message.contains(SECRET));
    }
}
