package io.logcast.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link RabbitNode}'s directory, {@code target/rabbitmq-nodes/<node>/} of the module whose tests
 * run: its configuration, data ({@code mnesia/}), logs, pid file, and the environment that points
 * {@code rabbitmq-server} at them.
 */
final class NodeFiles {

    private final Path dir;
    private final String node;

    private NodeFiles(Path dir, String node) {
        this.dir = dir;
        this.node = node;
    }

    /** Creates the directory of {@code shortName}{@code @localhost}. */
    static NodeFiles create(String shortName) throws IOException {
        // Surefire sets basedir to the module's directory
        Path dir = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .resolve("target").resolve("rabbitmq-nodes").resolve(shortName);
        Files.createDirectories(dir);
        return new NodeFiles(dir, shortName + "@localhost");
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the configuration (AMQP on 127.0.0.1:{@code port} only, no plugins) and hands everything
     * to {@code owner}, when the server runs as another user than this one.
     */
    void write(int port, String memoryHighWatermark, Optional<String> owner) throws IOException {
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.local = 127.0.0.1:" + port,
                "vm_memory_high_watermark.relative = " + memoryHighWatermark,
                ""));
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        if (owner.isPresent()) {
            UserPrincipal user = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path path : all.collect(Collectors.toList())) {
                    Files.setOwner(path, user);
                }
            }
        }
    }

    /** What {@code rabbitmq-server} reads to run this node on these ports with these files. */
    Map<String, String> environment(int port, int distributionPort) {
        return Map.of(
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
                "RABBITMQ_NODE_PORT", Integer.toString(port),
                "RABBITMQ_DIST_PORT", Integer.toString(distributionPort),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_PID_FILE", pidFile().toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString(),
                // never the machine's advanced.config: the node is configured by its own file alone
                "RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    }

    Path pidFile() {
        return dir.resolve(node + ".pid");
    }

    /** The pid the node wrote, or 0 when there is none (yet). */
    long pid() {
        try {
            return Files.exists(pidFile()) ? Long.parseLong(Files.readString(pidFile()).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Removes the pid file a killed node leaves behind. */
    void forgetPid() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a stale pid file only costs a lookup of a dead process
        }
    }

    /** Where the output of {@code rabbitmq-server -detached} goes. */
    Path startupLog() {
        return dir.resolve("startup.log");
    }

    /** The startup output and the node's own log. */
    String log() {
        Path file = dir.resolve("log").resolve(node + ".log");
        try {
            String startup = Files.exists(startupLog()) ? Files.readString(startupLog()) : "";
            return startup + (Files.exists(file) ? Files.readString(file) : "(no log at " + file + ")");
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The last lines of {@link #log()}, for failure messages. */
    String logTail() {
        List<String> lines = List.of(log().split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Deletes the node's data; its configuration and logs stay for reading. */
    void deleteData() throws IOException {
        Path data = dir.resolve("mnesia");
        if (!Files.exists(data)) {
            return;
        }
        try (Stream<Path> all = Files.walk(data)) {
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
