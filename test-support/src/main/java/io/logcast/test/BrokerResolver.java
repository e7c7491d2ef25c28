package io.logcast.test;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.logcast.broker.EmbeddedBroker;
import io.logcast.core.BrokerUri;

/**
 * Chooses the broker for a test run, in this order: {@code LOGCAST_AMQP_URI}; a RabbitMQ answering
 * at localhost:5672 (guest/guest); a Testcontainers RabbitMQ when Docker is available; the embedded
 * Qpid Broker-J. With {@code LOGCAST_TEST_BROKER=rabbitmq} only the first two are accepted.
 */
final class BrokerResolver {

    static final String URI_VARIABLE = "LOGCAST_AMQP_URI";
    static final String REQUIRE_VARIABLE = "LOGCAST_TEST_BROKER";
    static final String LOCAL_URI = "amqp://guest:guest@localhost:5672/%2F";
    static final String CONTAINER_IMAGE = "rabbitmq:4-management";

    private final Map<String, String> environment;

    BrokerResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Resolves a broker; the returned resources stop whatever this run started. */
    Resolved resolve() {
        String required = environment.getOrDefault(REQUIRE_VARIABLE, "").trim();
        if (!required.isEmpty() && !required.equals("rabbitmq")) {
            throw new IllegalStateException(REQUIRE_VARIABLE + "=" + required + " is not understood; the only value is 'rabbitmq'");
        }
        boolean rabbitOnly = required.equals("rabbitmq");
        List<String> tried = new ArrayList<>();

        String configured = environment.get(URI_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Probe probe = probe(configured.trim());
            if (!probe.answered()) {
                throw new IllegalStateException(URI_VARIABLE + "=" + BrokerUri.mask(configured) + " does not answer: " + probe.failure);
            }
            if (rabbitOnly && !probe.isRabbitMQ()) {
                throw new IllegalStateException(REQUIRE_VARIABLE + "=rabbitmq but " + URI_VARIABLE + " points at " + probe.product + ", not RabbitMQ");
            }
            boolean local = isLoopback(probe.uri);
            return watched(new TestBroker(TestBroker.Source.ENVIRONMENT_URI, probe.uri, probe.isRabbitMQ(), probe.product,
                    probe.isRabbitMQ() && local ? BrokerResolver::localCtl : null));
        }

        Probe local = probe(LOCAL_URI);
        if (local.answered() && local.isRabbitMQ()) {
            return watched(new TestBroker(TestBroker.Source.LOCAL_RABBITMQ, local.uri, true, local.product, BrokerResolver::localCtl));
        }
        tried.add("localhost:5672: " + (local.answered() ? local.product + " is not RabbitMQ" : local.failure));

        if (rabbitOnly) {
            throw new IllegalStateException(REQUIRE_VARIABLE + "=rabbitmq but no RabbitMQ answers (" + String.join("; ", tried)
                    + "); start it with 'rabbitmq-server -detached' or set " + URI_VARIABLE);
        }

        Resolved container = Containers.tryStart(tried);
        if (container != null) {
            return container;
        }

        EmbeddedBroker embedded = EmbeddedBroker.start();
        Probe probe = probe(embedded.uri());
        if (!probe.answered()) {
            embedded.close();
            throw new IllegalStateException("the embedded broker started but does not answer: " + probe.failure);
        }
        return new Resolved(new TestBroker(TestBroker.Source.EMBEDDED, probe.uri, false, "Apache Qpid Broker-J", null),
                null, embedded::close);
    }

    /** A broker this run did not start: watched from now on, so that a restart or an alarm of it fails the run. */
    private static Resolved watched(TestBroker broker) {
        try {
            SharedBrokerWatch watch = SharedBrokerWatch.start(broker);
            return new Resolved(broker, watch, watch);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot watch " + broker.describe() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "::1".equals(host) || "[::1]".equals(host);
    }

    static CommandResult localCtl(List<String> args) throws java.io.IOException, InterruptedException {
        return TestBroker.runLocal(TestBroker.command("rabbitmqctl", args), 120);
    }

    /** Connects once with short timeouts and reads the server's product name. */
    static Probe probe(String uriText) {
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            return new Probe(null, null, "not a URI: " + e.getMessage());
        }
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            return new Probe(uri, null, "unusable URI: " + e.getMessage());
        }
        factory.setConnectionTimeout(2_000);
        factory.setHandshakeTimeout(3_000);
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("logcast-test-probe")) {
            Object product = connection.getServerProperties().get("product");
            return new Probe(uri, product == null ? "an unnamed AMQP broker" : product.toString(), null);
        } catch (Exception e) {
            return new Probe(uri, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static final class Probe {
        final URI uri;
        final String product;
        final String failure;

        Probe(URI uri, String product, String failure) {
            this.uri = uri;
            this.product = product;
            this.failure = failure;
        }

        boolean answered() {
            return product != null;
        }

        boolean isRabbitMQ() {
            return "RabbitMQ".equals(product);
        }
    }

    /** A resolved broker, its watch (for a broker this run did not start, else null) and what stops what this run started. */
    static final class Resolved implements AutoCloseable {
        final TestBroker broker;
        final SharedBrokerWatch watch;
        private final AutoCloseable stop;

        Resolved(TestBroker broker, SharedBrokerWatch watch, AutoCloseable stop) {
            this.broker = broker;
            this.watch = watch;
            this.stop = stop;
        }

        @Override
        public void close() throws Exception {
            stop.close();
        }
    }
}
