package io.logcast.test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a test may have {@code rabbitmqctl} do on the run's shared broker (the developer's RabbitMQ at
 * localhost:5672, or {@code LOGCAST_AMQP_URI}'s): read, and close a connection of this test run.
 * Anything else ({@code stop_app}, {@code set_vm_memory_high_watermark}, {@code add_user}, another
 * node with {@code -n}, ...) is refused before it runs.
 */
final class SharedBrokerCommands implements TestBroker.CtlRunner {

    private static final Set<String> READING = Set.of("list_queues", "list_exchanges", "list_bindings", "list_connections",
            "list_channels", "list_consumers", "list_users", "list_vhosts", "list_permissions", "status", "cluster_status",
            "ping", "version");
    private static final Set<String> FLAGS = Set.of("-q", "--quiet", "-s", "--silent", "--no-table-headers");
    private static final Set<String> OPTIONS_WITH_A_VALUE = Set.of("-p", "--vhost", "-t", "--timeout", "--formatter");
    private static final Set<String> OTHER_NODE = Set.of("-n", "--node", "-l", "--longnames");

    private final TestBroker.CtlRunner ctl;

    SharedBrokerCommands(TestBroker.CtlRunner ctl) {
        this.ctl = ctl;
    }

    @Override
    public CommandResult run(List<String> args) throws IOException, InterruptedException {
        int at = commandIndex(args);
        String command = args.get(at);
        if (READING.contains(command)) {
            return ctl.run(args);
        }
        if (command.equals("close_connection") && args.size() > at + 1) {
            requireOwnConnection(args.get(at + 1));
            return ctl.run(args);
        }
        throw refused(args, "it would change the broker the developer runs");
    }

    private static int commandIndex(List<String> args) {
        for (String arg : args) {
            if (OTHER_NODE.contains(arg) || arg.startsWith("--node=")) {
                throw refused(args, "it names another node");
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (OPTIONS_WITH_A_VALUE.contains(arg)) {
                i++;
            } else if (!FLAGS.contains(arg)) {
                if (arg.startsWith("-")) {
                    throw refused(args, "option " + arg + " is not known to be harmless");
                }
                return i;
            }
        }
        throw refused(args, "it names no command");
    }

    /** The connection's client end must be a socket of this JVM or of a process it started (a daemon under test). */
    private void requireOwnConnection(String pid) throws IOException, InterruptedException {
        String listing = ctl.run(List.of("list_connections", "-q", "--no-table-headers", "pid", "peer_host", "peer_port")).orThrow().output();
        for (String line : listing.split("\n")) {
            String[] columns = line.strip().split("\t");
            if (columns.length == 3 && columns[0].equals(pid)) {
                boolean loopback = columns[1].equals("127.0.0.1") || columns[1].equals("::1");
                if (loopback && ProcessSockets.ownsLocalPort(Integer.parseInt(columns[2]))) {
                    return;
                }
                throw refused(List.of("close_connection", pid), "the connection (from " + columns[1] + ":" + columns[2]
                        + ") is not one this test run opened");
            }
        }
        throw refused(List.of("close_connection", pid), "the broker has no such connection");
    }

    private static IllegalArgumentException refused(List<String> args, String why) {
        return new IllegalArgumentException("refused 'rabbitmqctl " + String.join(" ", args) + "' on the shared broker: " + why
                + "; a test that restarts, alarms or reconfigures a broker uses a RabbitNode of its own");
    }
}
