package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.rabbitmq.client.Delivery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** On the root logger at DEBUG, the appender publishes neither amqp-client's events nor its own thread's. */
@RealBroker
class NoLoopsTest {

    /** A JSON encoder that logs while it encodes: on the publisher thread, through the application's root logger. */
    static final class LoggingJsonEncoder extends JsonEncoder {
        final AtomicInteger encoded = new AtomicInteger();

        @Override
        public byte[] encode(ILoggingEvent event) {
            encoded.incrementAndGet();
            LoggerFactory.getLogger("inside.encoder").info("encoding an event of {}", event.getLoggerName());
            return super.encode(event);
        }
    }

    @Test
    void neverPublishesAmqpClientEventsNorEventsOfThePublisherThread(TestBroker broker) throws Exception {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = global.getLogger(Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        String exchange = Queues.uniqueExchange("logs-no-loops");
        RabbitMQAppender appender = new RabbitMQAppender();
        LoggingJsonEncoder encoder = new LoggingJsonEncoder();
        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            encoder.setContext(global);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            appender.setContext(global);
            appender.setName("no-loops");
            appender.setUri(broker.uri());
            appender.setExchange(exchange);
            appender.setApplication("no-loops");
            appender.setEncoder(encoder);
            root.setLevel(Level.DEBUG);
            appender.start();
            root.addAppender(appender);

            org.slf4j.Logger app = LoggerFactory.getLogger("app.orders");
            org.slf4j.Logger client = LoggerFactory.getLogger("com.rabbitmq.client.impl.AMQConnection");
            for (int i = 0; i < 50; i++) {
                app.debug("event {}", i);
                client.debug("what amqp-client says about event {}", i);
            }
            root.detachAppender(appender);
            appender.stop(); // drains

            List<Delivery> received = captured.await(50, Duration.ofSeconds(20)).stream()
                    .filter(d -> "no-loops".equals(CapturedMessages.header(d, "app"))).collect(Collectors.toList());
            assertThat(received.stream().map(d -> CapturedMessages.header(d, "logger")).distinct()).containsOnly("app.orders");
            assertThat(received.stream().map(CapturedMessages::message)).hasSize(50).allMatch(m -> m.startsWith("event "));
            assertThat(received.stream().map(d -> CapturedMessages.header(d, "thread").toString())).allMatch(t -> !t.startsWith("logcast-"));
            assertThat(encoder.encoded.get()).as("the encoder ran, and logged, once per published event").isEqualTo(50);
            assertThat(appender.getConfirmedCount()).isEqualTo(50);
            assertThat(appender.getDroppedCount()).isZero();
        } finally {
            root.setLevel(rootLevel);
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
