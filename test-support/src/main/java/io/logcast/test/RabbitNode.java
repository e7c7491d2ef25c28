package io.logcast.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * A RabbitMQ node of the test's own, started from the installed {@code rabbitmq-server}: its own node
 * name ({@code logcast-<purpose>-<random>@localhost}), AMQP and distribution ports on 127.0.0.1, and
 * data, logs and configuration under the module's {@code target/rabbitmq-nodes/}. A test may restart
 * it, alarm it, add users to it, cluster it ({@link RabbitCluster}): nothing it does reaches the
 * broker the developer runs. {@link #close()} stops the node and waits until its process is gone; a
 * JVM shutdown hook stops whatever a failed test left running.
 *
 * <pre>{@code
 * try (RabbitNode node = RabbitNode.start("restart")) {
 *     ... node.uri() ...
 *     node.restartApp();
 * }
 * }</pre>
 */
public final class RabbitNode implements AutoCloseable {

    /** The node's memory watermark, set in its configuration and restored by {@link #clearMemoryAlarm()}. */
    static final String MEMORY_HIGH_WATERMARK = "0.4";
    private static final int CTL_TIMEOUT_SECONDS = 120;
    private static final int START_TIMEOUT_SECONDS = 90;
    private static final int START_ATTEMPTS = 3;
    /** Ports are taken below the kernel's ephemeral range, so no client socket can hold one while the node restarts. */
    private static final int LOWEST_PORT = 20_000;

    private static final Set<RabbitNode> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> PORTS_HANDED_OUT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RabbitNode::stopAllRunning, "rabbit-node-shutdown"));
    }

    private final RabbitServer server;
    private final String name;
    private final Path dir;
    private volatile int port;
    private volatile int distributionPort;
    private volatile long osPid;

    private RabbitNode(RabbitServer server, String name, Path dir) {
        this.server = server;
        this.name = name;
        this.dir = dir;
    }

    /**
     * Starts a node and returns once it accepts AMQP connections (about 5 s).
     *
     * @param purpose a word for the node name, so that {@code rabbitmqctl} output and logs say which test it serves
     * @throws IllegalStateException when no usable {@code rabbitmq-server} is installed or the node does not start
     */
    public static RabbitNode start(String purpose) throws IOException, InterruptedException {
        RabbitNode node = create(purpose);
        node.start();
        return node;
    }

    /** A node with its directories and configuration, not started yet. */
    static RabbitNode create(String purpose) throws IOException {
        RabbitServer server = RabbitServer.find().orElseThrow(() -> new IllegalStateException(RabbitServer.unusableReason()));
        String slug = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String shortName = "logcast-" + slug + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = nodesDirectory().resolve(shortName);
        Files.createDirectories(dir);
        return new RabbitNode(server, shortName + "@localhost", dir);
    }

    /** The node name, as {@code rabbitmqctl -n} and {@code join_cluster} take it. */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as the appender's {@code addresses} and the collectors' {@code --addresses} take it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The AMQP URI (guest/guest, from the loopback interface, default virtual host). */
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    /** This node as a {@link TestBroker}, for the helpers that take one; its {@code rabbitmqctl} is {@link #ctl(String...)}. */
    public TestBroker broker() {
        return new TestBroker(TestBroker.Source.OWN_NODE, URI.create(uri()), true, "RabbitMQ node " + name, this::ctl);
    }

    /** A fresh factory for this node, with short timeouts suited to tests. */
    public ConnectionFactory connectionFactory() {
        return broker().connectionFactory();
    }

    /** Opens a connection that shows up in the node's connection list under {@code connectionName}. */
    public Connection newConnection(String connectionName) throws IOException {
        return broker().newConnection(connectionName);
    }

    /** Runs {@code rabbitmqctl -n <this node> args...} and returns its exit code and output. */
    public CommandResult ctl(String... args) throws IOException, InterruptedException {
        return ctl(List.of(args));
    }

    CommandResult ctl(List<String> args) throws IOException, InterruptedException {
        return TestBroker.runLocal(server.ctlCommand(name, args), CTL_TIMEOUT_SECONDS);
    }

    /** {@code stop_app}: the node keeps running, its broker closes every connection and stops listening. */
    public void stopApp() throws IOException, InterruptedException {
        ctl("stop_app").orThrow();
    }

    /** {@code start_app}: the broker is back and listens again when this returns. */
    public void startApp() throws IOException, InterruptedException {
        ctl("start_app").orThrow();
    }

    /** A broker restart as an operator does it: {@code stop_app} then {@code start_app}. */
    public void restartApp() throws IOException, InterruptedException {
        try {
            stopApp();
        } finally {
            startApp();
        }
    }

    /** Sets the memory watermark to 0: a memory alarm, so the broker blocks every publishing connection. */
    public void raiseMemoryAlarm() throws IOException, InterruptedException {
        ctl("set_vm_memory_high_watermark", "0").orThrow();
    }

    /** Restores the node's memory watermark: the alarm clears and blocked connections publish again. */
    public void clearMemoryAlarm() throws IOException, InterruptedException {
        ctl("set_vm_memory_high_watermark", MEMORY_HIGH_WATERMARK).orThrow();
    }

    /** The OS pid of the node's process (0 when it does not run). */
    long osPid() {
        return isRunning() ? osPid : 0;
    }

    /** Adds a user with every permission on the default virtual host. */
    public void addUser(String user, String password) throws IOException, InterruptedException {
        ctl("add_user", user, password).orThrow();
        ctl("set_permissions", "-p", "/", user, ".*", ".*", ".*").orThrow();
    }

    public void deleteUser(String user) throws IOException, InterruptedException {
        ctl("delete_user", user).orThrow();
    }

    /** True while the node's process runs (whether or not its broker app is started). */
    public boolean isRunning() {
        if (osPid == 0) {
            osPid = readPidQuietly();
        }
        return osPid != 0 && ProcessHandle.of(osPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Starts the node's process: the first time, or again after {@link #stop()} with the same name,
     * ports and data (a stopped cluster member rejoins its cluster). Returns once the node accepts an
     * AMQP connection.
     */
    public synchronized void start() throws IOException, InterruptedException {
        boolean firstStart = port == 0;
        for (int attempt = 1; ; attempt++) {
            if (port == 0) {
                port = freePort();
                distributionPort = freePort();
            }
            launch();
            try {
                awaitStarted();
                return;
            } catch (IllegalStateException failed) {
                boolean portTaken = log().contains("eaddrinuse");
                stopQuietly();
                if (!firstStart || !portTaken || attempt == START_ATTEMPTS) {
                    throw failed;
                }
                // another process took a port between choosing and binding it: choose again
                port = 0;
            }
        }
    }

    /** Launches {@code rabbitmq-server -detached}, which returns at once. */
    void launch() throws IOException, InterruptedException {
        writeConfiguration();
        ProcessBuilder builder = new ProcessBuilder(server.server().toString(), "-detached")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("startup.log").toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("RABBITMQ_NODENAME", name);
        environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        environment.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
        environment.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        environment.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        environment.put("RABBITMQ_PID_FILE", pidFile().toString());
        environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        environment.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        // never the machine's advanced.config: this node is configured by its own file alone
        environment.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        RUNNING.add(this);
        Process launcher = builder.start();
        launcher.getOutputStream().close();
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            throw new IllegalStateException("rabbitmq-server -detached for " + name + " did not return within 60 s");
        }
        if (launcher.exitValue() != 0) {
            throw new IllegalStateException("rabbitmq-server -detached for " + name + " exited " + launcher.exitValue()
                    + ": " + Files.readString(dir.resolve("startup.log")).strip());
        }
    }

    /** Waits for the node's broker app (its pid file, then {@code rabbitmqctl wait}), then opens a real AMQP connection. */
    void awaitStarted() throws IOException, InterruptedException {
        CommandResult waited = ctl("wait", pidFile().toString(), "--timeout", Integer.toString(START_TIMEOUT_SECONDS));
        osPid = readPid();
        if (waited.exitCode() != 0) {
            throw new IllegalStateException("RabbitMQ node " + name + " did not start (" + waited + "); its log ends with:\n" + logTail());
        }
        try (Connection connection = newConnection("logcast-test-node-check")) {
            if (!connection.isOpen()) {
                throw new IllegalStateException("RabbitMQ node " + name + " closed the first connection");
            }
        } catch (IOException e) {
            throw new IllegalStateException("RabbitMQ node " + name + " started but refuses AMQP on " + address() + ": " + e, e);
        }
    }

    /** Stops the node's process ({@code rabbitmqctl stop}) and returns once it is gone. Its data stays for {@link #start()}. */
    public synchronized void stop() throws IOException, InterruptedException {
        try {
            if (isRunning()) {
                CommandResult stopped = ctl("stop", pidFile().toString());
                if (stopped.exitCode() != 0 && isRunning()) {
                    throw new IllegalStateException("rabbitmqctl stop " + name + " failed: " + stopped);
                }
            } else if (osPid == 0 && RUNNING.contains(this)) {
                ctl("stop", "--idempotent"); // launched, but its pid is not known yet
            }
        } finally {
            awaitGone();
        }
    }

    /** Stops the node if it runs and deletes its data; its logs stay in {@code target/rabbitmq-nodes/} for reading. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            deleteRecursively(dir.resolve("mnesia"));
        }
    }

    @Override
    public String toString() {
        return name + " at " + address();
    }

    /** The last lines of the node's own log, for failure messages. */
    String logTail() {
        List<String> lines = List.of(log().split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private String log() {
        Path file = dir.resolve("log").resolve(name + ".log");
        try {
            String startup = Files.exists(dir.resolve("startup.log")) ? Files.readString(dir.resolve("startup.log")) : "";
            return startup + (Files.exists(file) ? Files.readString(file) : "(no log at " + file + ")");
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            // the start failed already; that failure is the one reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the node's process is gone; a node that outlives {@code rabbitmqctl stop} by 30 s is killed. */
    private void awaitGone() throws InterruptedException {
        long pid = osPid != 0 ? osPid : readPidQuietly();
        if (pid != 0) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().isAlive()) {
                try {
                    process.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    process.get().destroyForcibly();
                    try {
                        process.get().onExit().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillThere) {
                        throw new IllegalStateException("RabbitMQ node " + name + " (OS pid " + pid + ") survives SIGKILL");
                    }
                }
            }
        }
        osPid = 0;
        try {
            Files.deleteIfExists(pidFile()); // left behind by a killed node
        } catch (IOException e) {
            // a stale pid file only costs a lookup of a dead process
        }
        RUNNING.remove(this);
    }

    private long readPid() throws IOException {
        return Long.parseLong(Files.readString(pidFile()).strip());
    }

    private long readPidQuietly() {
        try {
            return Files.exists(pidFile()) ? readPid() : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    private void writeConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.local = 127.0.0.1:" + port,
                "vm_memory_high_watermark.relative = " + MEMORY_HIGH_WATERMARK,
                ""));
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Optional<String> owner = server.nodeOwner();
        if (owner.isPresent()) {
            UserPrincipal user = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path path : all.collect(Collectors.toList())) {
                    Files.setOwner(path, user);
                }
            }
        }
    }

    /** {@code target/rabbitmq-nodes} of the module whose tests run (Surefire sets {@code basedir}). */
    private static Path nodesDirectory() {
        return Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().resolve("target").resolve("rabbitmq-nodes");
    }

    /** A loopback port below the ephemeral range that nothing listens on and this JVM has not handed out. */
    private static int freePort() throws IOException {
        int ceiling = ephemeralRangeStart();
        for (int tries = 0; tries < 200; tries++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST_PORT, ceiling);
            if (PORTS_HANDED_OUT.contains(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
            } catch (IOException taken) {
                continue;
            }
            if (PORTS_HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no free loopback port between " + LOWEST_PORT + " and " + ceiling);
    }

    private static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(Files.readString(Paths.get("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return Math.max(start, LOWEST_PORT + 1_000);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }

    private static void stopAllRunning() {
        List<Thread> stopping = new ArrayList<>();
        for (RabbitNode node : RUNNING) {
            Thread thread = new Thread(node::stopQuietly, "stop-" + node.name);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path each : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                try {
                    Files.deleteIfExists(each);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + each, e);
                }
            }
        }
    }
}
