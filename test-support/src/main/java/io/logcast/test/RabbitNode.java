package io.logcast.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import org.awaitility.core.ConditionTimeoutException;

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

    /** Launched and not yet seen gone: what the shutdown hook stops. */
    private static final Set<RabbitNode> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RabbitNode::stopAllRunning, "rabbit-node-shutdown"));
    }

    private final RabbitServer server;
    private final String name;
    private final NodeFiles files;
    private volatile int port;
    private volatile int distributionPort;
    private volatile long osPid;

    private RabbitNode(RabbitServer server, String name, NodeFiles files) {
        this.server = server;
        this.name = name;
        this.files = files;
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
        return new RabbitNode(server, shortName + "@localhost", NodeFiles.create(shortName));
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

    /**
     * Enables plugins on this running node through its own plugins file: the packaged {@code rabbitmq-plugins}
     * would write the machine's ({@code /etc/rabbitmq/enabled_plugins}), the shared broker's configuration.
     */
    public void enablePlugins(String... plugins) throws IOException, InterruptedException {
        Path file = files.dir().resolve("enabled_plugins");
        Files.writeString(file, "[" + String.join(",", plugins) + "].\n");
        ctl("eval", "rabbit_plugins:ensure(\"" + file + "\"), [] = [" + String.join(",", plugins) + "] -- rabbit_plugins:active().").orThrow();
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
            osPid = files.pid();
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
                port = LoopbackPorts.free();
                distributionPort = LoopbackPorts.free();
            }
            launch();
            try {
                awaitStarted();
                return;
            } catch (IllegalStateException failed) {
                boolean portTaken = files.log().contains("eaddrinuse");
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
        files.write(port, MEMORY_HIGH_WATERMARK, server.nodeOwner());
        // the packaged wrapper runs the server as the rabbitmq user, who must be able to read the working directory
        ProcessBuilder builder = new ProcessBuilder(server.server().toString(), "-detached")
                .directory(files.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.startupLog().toFile()));
        builder.environment().putAll(files.environment(port, distributionPort));
        RUNNING.add(this);
        Process launcher = builder.start();
        launcher.getOutputStream().close();
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            throw new IllegalStateException("rabbitmq-server -detached for " + name + " did not return within 60 s");
        }
        if (launcher.exitValue() != 0) {
            throw new IllegalStateException("rabbitmq-server -detached for " + name + " exited " + launcher.exitValue()
                    + ": " + files.log().strip());
        }
    }

    /** Waits for the node's broker app (its pid file, then {@code rabbitmqctl wait}), then opens a real AMQP connection. */
    void awaitStarted() throws IOException, InterruptedException {
        CommandResult waited = ctl("wait", files.pidFile().toString(), "--timeout", Integer.toString(START_TIMEOUT_SECONDS));
        osPid = files.pid();
        if (waited.exitCode() != 0) {
            throw new IllegalStateException("RabbitMQ node " + name + " did not start (" + waited + "); its log ends with:\n" + files.logTail());
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
                CommandResult stopped = ctl("stop", files.pidFile().toString());
                if (stopped.exitCode() != 0 && isRunning()) {
                    throw new IllegalStateException("rabbitmqctl stop " + name + " failed: " + stopped);
                }
            } else if (RUNNING.contains(this) && awaitPidFile()) {
                ctl("stop", files.pidFile().toString());
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
            files.deleteData();
        }
    }

    @Override
    public String toString() {
        return name + " at " + address();
    }

    /** A node launched moments ago writes its pid file first thing at boot; false when none comes (it never started). */
    private boolean awaitPidFile() {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(files::pid, pid -> pid != 0);
            return isRunning();
        } catch (ConditionTimeoutException none) {
            return false;
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
        long pid = osPid != 0 ? osPid : files.pid();
        if (pid != 0) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().isAlive()) {
                try {
                    process.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    process.get().destroyForcibly();
                    try {
                        process.get().onExit().get(10, TimeUnit.SECONDS);
                    } catch (TimeoutException | ExecutionException stillThere) {
                        throw new IllegalStateException("RabbitMQ node " + name + " (OS pid " + pid + ") survives SIGKILL");
                    }
                }
            }
        }
        osPid = 0;
        files.forgetPid();
        RUNNING.remove(this);
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
}
