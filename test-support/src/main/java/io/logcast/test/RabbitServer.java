package io.logcast.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The installed RabbitMQ server that {@link RabbitNode} starts nodes from: where its scripts are, and
 * whether this user may run them. Debian and RPM packages install a wrapper that runs the server as
 * the {@code rabbitmq} user and refuses anyone but root or that user; its nodes' directories must
 * then belong to {@code rabbitmq}.
 */
final class RabbitServer {

    /** Where packages put the scripts when {@code /usr/sbin} is not on a non-root user's PATH. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/usr/lib/rabbitmq/bin");
    private static final String PACKAGED_WRAPPER_MARK = "su rabbitmq";

    private final Path server;
    private final Path ctl;
    private final boolean packagedWrapper;

    private RabbitServer(Path server, Path ctl, boolean packagedWrapper) {
        this.server = server;
        this.ctl = ctl;
        this.packagedWrapper = packagedWrapper;
    }

    /** The installation, or empty when none is usable here; {@link #unusableReason()} says why. */
    static Optional<RabbitServer> find() {
        return Optional.ofNullable(examine().server);
    }

    /** Why {@link #find()} finds nothing usable. */
    static String unusableReason() {
        return examine().reason;
    }

    /** A usable installation, or the reason there is none. */
    private static Examined examine() {
        Optional<Path> server = executable("rabbitmq-server");
        if (server.isEmpty()) {
            return new Examined(null, "rabbitmq-server is not installed (not on PATH nor in " + String.join(", ", SBIN) + ")");
        }
        Path ctl = server.get().resolveSibling("rabbitmqctl");
        if (!Files.isExecutable(ctl)) {
            return new Examined(null, "rabbitmq-server is at " + server.get() + " but rabbitmqctl is not beside it");
        }
        boolean wrapper = isPackagedWrapper(server.get());
        if (wrapper && !runningAs("root") && !runningAs("rabbitmq")) {
            return new Examined(null, server.get() + " is the packaged wrapper, which runs only as root or rabbitmq; this is "
                    + System.getProperty("user.name"));
        }
        return new Examined(new RabbitServer(server.get(), ctl, wrapper), null);
    }

    private static final class Examined {
        final RabbitServer server;
        final String reason;

        Examined(RabbitServer server, String reason) {
            this.server = server;
            this.reason = reason;
        }
    }

    Path server() {
        return server;
    }

    Path ctl() {
        return ctl;
    }

    /** The user whose node directories must belong to it, or empty when nodes run as this user. */
    Optional<String> nodeOwner() {
        return packagedWrapper && runningAs("root") ? Optional.of("rabbitmq") : Optional.empty();
    }

    /** {@code rabbitmqctl -n node args...} */
    List<String> ctlCommand(String node, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ctl.toString());
        command.add("-n");
        command.add(node);
        command.addAll(args);
        return command;
    }

    private static Optional<Path> executable(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(SBIN);
        return dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Paths.get(dir, name)).filter(Files::isExecutable).findFirst();
    }

    private static boolean isPackagedWrapper(Path script) {
        try {
            return Files.readString(script).contains(PACKAGED_WRAPPER_MARK);
        } catch (IOException | RuntimeException e) {
            return false; // a binary or unreadable script: not the shell wrapper
        }
    }

    private static boolean runningAs(String user) {
        return user.equals(System.getProperty("user.name"));
    }
}
