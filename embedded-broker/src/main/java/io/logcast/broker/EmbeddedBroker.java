package io.logcast.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.qpid.server.SystemLauncher;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J with an in-memory store), for tests and
 * the demo when no RabbitMQ answers. It listens on 127.0.0.1 only, on a free port, and accepts
 * PLAIN {@code guest}/{@code guest}; the virtual host {@code /} maps to its only virtual host.
 *
 * <p>It is not RabbitMQ: server-named queues are not called {@code amq.gen-...} and there is no
 * {@code rabbitmqctl}. Everything logcast publishes and consumes works the same.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";

    private static final String INITIAL_CONFIG = "initial-config.json";
    /** The same, plus a TLS port whose keystore the caller supplies. */
    private static final String INITIAL_CONFIG_TLS = "initial-config-tls.json";

    private final SystemLauncher launcher = new SystemLauncher();
    private final Path workDir;
    private final int port;
    private int tlsPort = -1;
    private Path keyStore;
    private String keyStorePassword;

    private EmbeddedBroker(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    /** Starts a broker on a free loopback port and returns once it accepts connections. */
    public static EmbeddedBroker start() {
        return start(0);
    }

    /** Starts a broker on {@code port} (0: a free one) and returns once it accepts connections. */
    public static EmbeddedBroker start(int port) {
        return start(port, null, null);
    }

    /**
     * Starts a broker with, besides its plain AMQP port, an AMQP-over-TLS port ({@link #tlsPort()})
     * that presents the key and certificate chain of {@code keyStore} (PKCS12 or JKS).
     */
    public static EmbeddedBroker startWithTls(Path keyStore, String keyStorePassword) {
        return start(0, keyStore, keyStorePassword);
    }

    private static EmbeddedBroker start(int port, Path keyStore, String keyStorePassword) {
        int chosen = port == 0 ? freePort() : port;
        Path workDir;
        try {
            workDir = Files.createTempDirectory("logcast-qpid-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the embedded broker", e);
        }
        EmbeddedBroker broker = new EmbeddedBroker(workDir, chosen);
        if (keyStore != null) {
            broker.tlsPort = freePort();
            broker.keyStore = keyStore;
            broker.keyStorePassword = keyStorePassword;
        }
        try {
            broker.launcher.startup(broker.systemConfig());
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("embedded broker failed to start on 127.0.0.1:" + chosen + ": " + e, e);
        }
        return broker;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The AMQP-over-TLS port of {@link #startWithTls}, or -1. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The AMQP URI to connect with, credentials included (guest/guest). */
    public String uri() {
        return "amqp://" + USERNAME + ":" + PASSWORD + "@" + host() + ":" + port + "/%2F";
    }

    /** The AMQP URI with the password shown as {@code ****}: what may be printed. */
    public String maskedUri() {
        return "amqp://" + USERNAME + ":****@" + host() + ":" + port + "/%2F";
    }

    @Override
    public void close() {
        try {
            launcher.shutdown();
        } finally {
            deleteRecursively(workDir);
        }
    }

    private Map<String, Object> systemConfig() {
        Map<String, Object> context = new HashMap<>();
        context.put("logcast.port", String.valueOf(port));
        context.put("logcast.username", USERNAME);
        context.put("logcast.password", PASSWORD);
        context.put("qpid.work_dir", workDir.toString());
        context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");
        if (keyStore != null) {
            context.put("logcast.tls.port", String.valueOf(tlsPort));
            context.put("logcast.tls.keystore", keyStore.toAbsolutePath().toString());
            context.put("logcast.tls.password", keyStorePassword);
        }

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation",
                EmbeddedBroker.class.getResource(keyStore == null ? INITIAL_CONFIG : INITIAL_CONFIG_TLS).toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        return attributes;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for the embedded broker", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the broker itself is already down.
        }
    }

    /** Runs a broker until the process is stopped: {@code java -cp ... io.logcast.broker.EmbeddedBroker [port]}. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5672;
        EmbeddedBroker broker = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-broker-shutdown"));
        System.out.println("embedded broker (Apache Qpid Broker-J) listening at " + broker.maskedUri());
        Thread.currentThread().join();
    }
}
