package io.logcast.test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of {@link RabbitNode}s of the test's own, joined as an operator joins one
 * ({@code stop_app}, {@code join_cluster <first>}, {@code start_app}). A test stops a node
 * ({@link RabbitNode#stop()} or {@link RabbitNode#stopApp()}) and starts it again; it finds where a
 * queue lives with {@link #nodeOf(String)}. {@link #close()} stops every node.
 *
 * <pre>{@code
 * try (RabbitCluster cluster = RabbitCluster.start("quorum", 3)) {
 *     ... cluster.addresses() ...
 *     cluster.nodeOf("orders").stop();
 * }
 * }</pre>
 */
public final class RabbitCluster implements AutoCloseable {

    private final List<RabbitNode> nodes;

    private RabbitCluster(List<RabbitNode> nodes) {
        this.nodes = Collections.unmodifiableList(nodes);
    }

    /** Starts {@code size} nodes at once and joins them into one cluster (about 15 s for three). */
    public static RabbitCluster start(String purpose, int size) throws IOException, InterruptedException {
        List<RabbitNode> nodes = new ArrayList<>();
        RabbitCluster cluster = new RabbitCluster(nodes);
        try {
            for (int i = 1; i <= size; i++) {
                nodes.add(RabbitNode.create(purpose + "-" + i));
            }
            // booting is most of the cost: the nodes boot side by side
            atOnce(nodes, RabbitNode::start);
            RabbitNode first = nodes.get(0);
            for (RabbitNode node : nodes.subList(1, size)) {
                node.stopApp();
                node.ctl("join_cluster", first.name()).orThrow();
                node.startApp();
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes, in the order they were created; the first is the one the others joined. */
    public List<RabbitNode> nodes() {
        return nodes;
    }

    /** The nodes whose process runs now. */
    public List<RabbitNode> running() {
        return nodes.stream().filter(RabbitNode::isRunning).collect(Collectors.toList());
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: every node, for the appender's {@code addresses} and the collectors' {@code --addresses}. */
    public String addresses() {
        return nodes.stream().map(RabbitNode::address).collect(Collectors.joining(","));
    }

    /**
     * The node that serves {@code queue} (default virtual host): a classic queue's node, a quorum
     * queue's or a stream's leader, as a running member of the cluster reports it.
     *
     * @throws AssertionError when no running node knows the queue, or its leader is not a node of this cluster
     */
    public RabbitNode nodeOf(String queue) throws IOException, InterruptedException {
        RabbitNode asked = running().stream().findFirst().orElseThrow(() -> new AssertionError("no node of the cluster runs"));
        String listing = asked.ctl("list_queues", "-q", "--no-table-headers", "name", "type", "pid", "leader").orThrow().output();
        for (String line : listing.split("\n")) {
            String[] columns = line.split("\t", -1);
            if (columns.length == 4 && columns[0].equals(queue)) {
                String node = columns[1].equals("classic") ? nodeOfPid(columns[2]) : columns[3].strip();
                return nodes.stream().filter(n -> n.name().equals(node)).findFirst()
                        .orElseThrow(() -> new AssertionError("queue " + queue + " is served by " + node + ", not a node of " + this));
            }
        }
        throw new AssertionError("no queue " + queue + " on " + asked + ":\n" + listing);
    }

    /**
     * The node that holds the client connection named {@code connectionName} (the name a client gives
     * its connection: amqp-client's {@code newConnection(name)}, the appender's {@code connectionName}),
     * as a running member of the cluster lists it.
     *
     * @throws AssertionError when no running node, or more than one, holds a connection of that name
     */
    public RabbitNode nodeOfConnection(String connectionName) throws IOException, InterruptedException {
        CommandResult listed = null;
        RabbitNode asked = null;
        // a node whose broker app is stopped runs, but cannot list: ask the next
        for (RabbitNode node : running()) {
            asked = node;
            listed = node.ctl("list_connections", "-q", "--no-table-headers", "client_properties", "pid");
            if (listed.exitCode() == 0) {
                break;
            }
        }
        if (listed == null || listed.exitCode() != 0) {
            throw new AssertionError("no node of " + this + " lists connections" + (listed == null ? "" : ": " + listed));
        }
        List<String> holders = new ArrayList<>();
        for (String line : listed.output().split("\n")) {
            if (line.contains("{\"connection_name\",\"" + connectionName + "\"}")) {
                holders.add(nodeOfPid(line.substring(line.lastIndexOf('\t') + 1)));
            }
        }
        if (holders.size() != 1) {
            throw new AssertionError(holders.size() + " connections named '" + connectionName + "' listed by " + asked + ":\n" + listed.output());
        }
        return nodes.stream().filter(n -> n.name().equals(holders.get(0))).findFirst()
                .orElseThrow(() -> new AssertionError("connection " + connectionName + " is on " + holders.get(0) + ", not a node of " + this));
    }

    /** Stops every node that runs, all at once, and waits until each is gone. */
    @Override
    public void close() throws IOException, InterruptedException {
        atOnce(nodes, RabbitNode::close);
    }

    @Override
    public String toString() {
        return "cluster " + nodes;
    }

    /** {@code <logcast-x@localhost.1796286255.822.0>}: the node name is what precedes the first dot after the host. */
    private static String nodeOfPid(String pid) {
        String text = pid.strip().replaceAll("^<|>$", "");
        int at = text.indexOf('@');
        int dot = text.indexOf('.', at);
        return dot < 0 ? text : text.substring(0, dot);
    }

    /** What is done to each node at once. */
    @FunctionalInterface
    private interface NodeAction {
        void apply(RabbitNode node) throws IOException, InterruptedException;
    }

    /** Applies {@code action} to every node, each in a thread of its own; waits for all, then rethrows the first failure. */
    private static void atOnce(List<RabbitNode> nodes, NodeAction action) throws IOException, InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (RabbitNode node : nodes) {
            Thread thread = new Thread(() -> {
                try {
                    action.apply(node);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    failures.add(e);
                }
            }, "rabbit-cluster-" + node.name());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof IOException) {
                throw (IOException) first;
            }
            if (first instanceof InterruptedException) {
                throw (InterruptedException) first;
            }
            throw (RuntimeException) first;
        }
    }
}
