package io.logcast.test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.logcast.core.BrokerUri;

/**
 * The broker an integration test talks to, as resolved by {@link BrokerExtension}: a real AMQP 0-9-1
 * broker reachable over a real connection.
 */
public final class TestBroker {

    /** Where the broker came from, in resolution order. */
    public enum Source {
        /** {@code LOGCAST_AMQP_URI}. */
        ENVIRONMENT_URI,
        /** A RabbitMQ answering at localhost:5672 with guest/guest. */
        LOCAL_RABBITMQ,
        /** A Testcontainers {@code RabbitMQContainer}. */
        CONTAINER,
        /** The in-process Apache Qpid Broker-J. */
        EMBEDDED,
        /** A {@link RabbitNode} a test started: the test may restart, alarm and reconfigure it. */
        OWN_NODE
    }

    /** Runs {@code rabbitmqctl} with the given arguments; null when the broker offers none. */
    @FunctionalInterface
    interface CtlRunner {
        CommandResult run(List<String> args) throws IOException, InterruptedException;
    }

    private final Source source;
    private final URI uri;
    private final boolean rabbitMQ;
    private final String product;
    private final CtlRunner ctl;

    TestBroker(Source source, URI uri, boolean rabbitMQ, String product, CtlRunner ctl) {
        this.source = Objects.requireNonNull(source);
        this.uri = Objects.requireNonNull(uri);
        this.rabbitMQ = rabbitMQ;
        this.product = product;
        this.ctl = ctl == null || source == Source.OWN_NODE ? ctl : new SharedBrokerCommands(ctl);
    }

    public Source source() {
        return source;
    }

    /** The AMQP URI, credentials included: for configuring the code under test, never for printing. */
    public String uri() {
        return uri.toString();
    }

    /** The URI with its password replaced by {@code ****}, safe for any output. */
    public String maskedUri() {
        return BrokerUri.mask(uri.toString());
    }

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort() == -1 ? ("amqps".equals(uri.getScheme()) ? 5671 : 5672) : uri.getPort();
    }

    /** True when the broker is RabbitMQ itself (server-named queues are {@code amq.gen-...}). */
    public boolean isRabbitMQ() {
        return rabbitMQ;
    }

    /** True when {@link #rabbitmqctl(String...)} can reach this broker's node. */
    public boolean hasRabbitmqctl() {
        return ctl != null;
    }

    /** A fresh factory for this broker, with short timeouts suited to tests. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalStateException("unusable broker URI " + maskedUri(), e);
        }
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** Opens a connection that shows up in the broker's connection list under {@code name}. */
    public Connection newConnection(String name) throws IOException {
        try {
            return connectionFactory().newConnection(name);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("timed out connecting to " + maskedUri(), e);
        }
    }

    /**
     * Runs {@code rabbitmqctl} against this broker's node and returns its exit code and output. On the
     * run's shared broker only commands that read are allowed, and closing a connection of this test
     * run (see {@link SharedBrokerCommands}); a test that restarts, alarms or reconfigures a broker uses
     * a {@link RabbitNode} of its own.
     *
     * @throws IllegalStateException when the broker has none (see {@link #hasRabbitmqctl()})
     * @throws IllegalArgumentException when the command would change the shared broker
     */
    public CommandResult rabbitmqctl(String... args) throws IOException, InterruptedException {
        if (ctl == null) {
            throw new IllegalStateException("no rabbitmqctl for " + describe());
        }
        return ctl.run(List.of(args));
    }

    /** One line that says which broker this is, without credentials. */
    public String describe() {
        switch (source) {
            case ENVIRONMENT_URI:
                return product + " at " + maskedUri() + " (from LOGCAST_AMQP_URI)";
            case LOCAL_RABBITMQ:
                return product + " at " + maskedUri() + " (local RabbitMQ answering at localhost:5672)";
            case CONTAINER:
                return product + " at " + maskedUri() + " (Testcontainers RabbitMQContainer)";
            case OWN_NODE:
                return product + " at " + maskedUri() + " (started by this test)";
            default:
                return product + " at " + maskedUri() + " (embedded, in-process; tests that need RabbitMQ itself are skipped)";
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Runs a local command with a deadline and captures its combined output. */
    static CommandResult runLocal(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = new byte[0];
            }
        }, "command-output");
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        reader.join(5_000);
        return new CommandResult(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }

    static List<String> command(String executable, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        return command;
    }
}
