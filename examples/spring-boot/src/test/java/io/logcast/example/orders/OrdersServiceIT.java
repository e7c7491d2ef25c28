package io.logcast.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import io.logcast.core.WireContract;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring Boot example as it runs in production: its executable jar in a JVM of its own, on the
 * logback, slf4j and amqp-client versions Boot manages, logging to a real broker, stopped with
 * SIGTERM. The console's lines are what was logged; the broker must have received each exactly once.
 */
@RealBroker
class OrdersServiceIT {

    private static final Duration START = Duration.ofSeconds(60);
    // the appender's shutdownGracePeriod (10 s) bounds the wait for the broker; the rest is Boot
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final int ORDERS = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    @Test
    void everyEventTheServiceLogsShutdownLinesIncludedArrivesExactlyOnceFromOneProducer(TestBroker broker) throws Exception {
        try (LogsExchange logs = LogsExchange.declare(broker, "logs-boot")) {
            int exitCode;
            List<String> logged;
            try (ServiceProcess service = ServiceProcess.start(directory, broker.uri(), "--logcast.exchange=" + logs.name)) {
                URI base = service.awaitStarted(START);
                for (int i = 1; i <= ORDERS; i++) {
                    assertThat(post(base, "/orders?item=widget-" + i + "&quantity=" + i)).isEqualTo(201);
                }
                assertThat(post(base, "/orders?item=gadget&quantity=0")).isEqualTo(400);
                assertThat(get(base, "/orders/" + (ORDERS + 1))).isEqualTo(404);
                assertThat(get(base, "/orders/1")).isEqualTo(200);

                exitCode = service.stop(STOP);
                logged = service.consoleEvents();
                assertThat(service.output()).as("no Logback status problem on the output")
                        .doesNotContain("|-WARN").doesNotContain("|-ERROR");
            }

            // SIGTERM: the JVM ran its shutdown hooks and exited with 128 + 15
            assertThat(exitCode).isEqualTo(143);
            assertThat(logged).as("the console's events")
                    .contains("INFO|" + OrderController.class.getName() + "|order " + ORDERS + " accepted: " + ORDERS + " x widget-" + ORDERS)
                    .contains("WARN|" + OrderController.class.getName() + "|order refused: quantity 0 of gadget")
                    .contains("WARN|" + OrderController.class.getName() + "|order " + (ORDERS + 1) + " not found")
                    .contains("INFO|org.springframework.boot.tomcat.GracefulShutdown|Graceful shutdown complete")
                    .last().isEqualTo("INFO|" + OrderBook.class.getName() + "|order book closing with " + ORDERS + " orders");

            List<GetResponse> messages = logs.awaitExactly(logged.size());

            List<String> received = new ArrayList<>();
            Set<String> producers = new TreeSet<>();
            List<Long> seqs = new ArrayList<>();
            GetResponse last = messages.get(0);
            for (GetResponse message : messages) {
                JsonNode event = JSON.readTree(message.getBody());
                received.add(event.path("level").asString() + "|" + event.path("loggerName").asString() + "|"
                        + event.path("formattedMessage").asString().split("\n", 2)[0]);
                assertThat(message.getProps().getAppId()).isEqualTo("orders-service");
                producers.add(message.getProps().getHeaders().get(WireContract.HEADER_PRODUCER).toString());
                long seq = seq(message);
                seqs.add(seq);
                if (seq > seq(last)) {
                    last = message;
                }
            }
            assertThat(received).as("the same events as the console, each once").containsExactlyInAnyOrderElementsOf(logged);
            assertThat(producers).as("one appender start").hasSize(1);
            assertThat(seqs).as("no gap, no duplicate").containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, logged.size()).boxed().toList());
            assertThat(JSON.readTree(last.getBody()).path("formattedMessage").asString())
                    .as("the last event logged, after the web server stopped, is the last one received")
                    .isEqualTo("order book closing with " + ORDERS + " orders");
        }
    }

    /**
     * Boot's documentation shows {@code <springProperty scope="context" ...>}: the URI, password
     * included, becomes a property of the Logback context. The appender's default encoding must not
     * carry it into the events.
     */
    @Test
    void aUriHeldInAContextPropertyAsBootsDocsShowItReachesNoEvent(TestBroker broker) throws Exception {
        String password = password(broker.uri());
        Path config = directory.resolve("logback-context-scope.xml");
        Files.writeString(config, """
                <configuration>
                  <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
                  <include resource="org/springframework/boot/logging/logback/console-appender.xml"/>
                  <springProperty scope="context" name="amqpUri" source="logcast.amqp-uri"/>
                  <springProperty scope="context" name="exchange" source="logcast.exchange"/>
                  <springProperty scope="context" name="application" source="spring.application.name"/>
                  <appender name="RABBITMQ" class="io.logcast.appender.RabbitMQAppender">
                    <uri>${amqpUri}</uri>
                    <exchange>${exchange}</exchange>
                    <application>${application}</application>
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="CONSOLE"/>
                    <appender-ref ref="RABBITMQ"/>
                  </root>
                </configuration>
                """, StandardCharsets.UTF_8);
        try (LogsExchange logs = LogsExchange.declare(broker, "logs-boot-context")) {
            int exitCode;
            List<String> logged;
            String output;
            try (ServiceProcess service = ServiceProcess.start(directory, broker.uri(),
                    "--logcast.exchange=" + logs.name, "--logging.config=" + config)) {
                URI base = service.awaitStarted(START);
                assertThat(post(base, "/orders?item=widget&quantity=1")).isEqualTo(201);
                exitCode = service.stop(STOP);
                logged = service.consoleEvents();
                output = service.output();
            }

            assertThat(exitCode).isEqualTo(143);
            assertThat(logged).contains("INFO|" + OrderController.class.getName() + "|order 1 accepted: 1 x widget");
            // the messages name where the password is, never the password itself
            for (GetResponse message : logs.awaitExactly(logged.size())) {
                assertThat(fieldsContaining(JSON.readTree(message.getBody()), "", password))
                        .as("fields of event %s that carry the broker password", seq(message)).isEmpty();
                assertThat(new String(message.getBody(), StandardCharsets.UTF_8).contains(password))
                        .as("the body of event %s carries the broker password", seq(message)).isFalse();
                assertThat(String.valueOf(message.getProps().getHeaders()).contains(password))
                        .as("the headers of event %s carry the broker password", seq(message)).isFalse();
            }
            assertThat(output.contains(password)).as("the service's output carries the broker password").isFalse();
        }
    }

    /** The paths of the fields of {@code node} whose text contains {@code secret}. */
    private static List<String> fieldsContaining(JsonNode node, String path, String secret) {
        List<String> found = new ArrayList<>();
        if (node.isString() && node.asString().contains(secret)) {
            found.add(path);
        }
        for (var field : node.properties()) {
            found.addAll(fieldsContaining(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), secret));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(fieldsContaining(node.get(i), path + "[" + i + "]", secret));
            }
        }
        return found;
    }

    /** The password of the test broker's URI; every broker the harness resolves has one. */
    private static String password(String uri) {
        String userInfo = URI.create(uri).getUserInfo();
        assertThat(userInfo).as("the test broker's URI has user and password").contains(":");
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        assertThat(password).isNotEmpty();
        return password;
    }

    private static long seq(GetResponse message) {
        return (Long) message.getProps().getHeaders().get(WireContract.HEADER_SEQ);
    }

    private static int post(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A unique exchange with a temporary queue bound to it before the service starts: every message published to it. */
    private static final class LogsExchange implements AutoCloseable {

        final String name;
        private final Connection connection;
        private final Channel channel;
        private final String queue;

        private LogsExchange(String name, Connection connection, Channel channel, String queue) {
            this.name = name;
            this.connection = connection;
            this.channel = channel;
            this.queue = queue;
        }

        static LogsExchange declare(TestBroker broker, String prefix) throws Exception {
            String name = Queues.uniqueExchange(prefix);
            Connection connection = broker.newConnection("spring-boot-example-it");
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, name);
            return new LogsExchange(name, connection, channel, Queues.bindTemporaryQueue(channel, name));
        }

        /** The {@code count} messages received, and no more: fails on fewer within 10 s, or on one more. */
        List<GetResponse> awaitExactly(int count) throws Exception {
            List<GetResponse> messages = Queues.awaitMessages(channel, queue, count, Duration.ofSeconds(10));
            assertThat(messages).as("one message per event the console printed").hasSize(count);
            assertThat(channel.basicGet(queue, true)).as("no message beyond them").isNull();
            return messages;
        }

        @Override
        public void close() throws Exception {
            try {
                channel.exchangeDelete(name);
            } finally {
                connection.close();
            }
        }
    }
}
