package io.logcast.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The nodes of a cluster that a connection may go to ({@code host:port,host:port}; user, password and
 * virtual host come from the URI), tried in order: for the first connection from the first node; after
 * that from the node after the one connected to last, which comes last, so that a node going down is
 * not the first one asked again. amqp-client would shuffle the list; a fixed order lets an operator
 * say which node is preferred, and lets messages say which node was reached.
 *
 * <p>Remembers the node connected to last: one thread, the one that connects, uses an instance.
 */
public final class BrokerAddresses {

    /** Told of each node that did not answer, before the next is tried. */
    @FunctionalInterface
    public interface FailedAttempt {
        void failed(Address node, Exception e);
    }

    private final List<Address> nodes;
    private int last = -1;

    private BrokerAddresses(List<Address> nodes) {
        this.nodes = nodes;
    }

    /**
     * Reads {@code host:port,host:port} ({@code [::1]:5672} for IPv6; a node without a port gets the
     * URI scheme's default, 5672 or 5671).
     *
     * @throws IllegalArgumentException {@code "'h1:x' is not a list of host:port (...)"}, saying what is wrong
     */
    public static BrokerAddresses parse(String text) {
        String list = text == null ? "" : text.strip();
        List<Address> nodes = new ArrayList<>();
        String[] entries = list.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String problem = problem(entry);
            if (problem != null) {
                throw new IllegalArgumentException("'" + list + "' is not a list of host:port (" + (entries.length == 1 ? "" : "entry " + (i + 1) + " ")
                        + problem + ")");
            }
            nodes.add(Address.parseAddress(entry));
        }
        return new BrokerAddresses(Collections.unmodifiableList(nodes));
    }

    private static String problem(String entry) {
        if (entry.isEmpty()) {
            return "is empty";
        }
        Address address;
        try {
            address = Address.parseAddress(entry);
        } catch (NumberFormatException e) {
            return "'" + entry + "' has no valid port";
        } catch (RuntimeException e) {
            return "'" + entry + "': " + e.getMessage();
        }
        if (entry.endsWith(":")) {
            return "'" + entry + "' has no valid port";
        }
        if (address.getHost() == null || address.getHost().isBlank() || address.getHost().contains(" ")) {
            return "'" + entry + "' has no valid host";
        }
        if (address.getPort() != -1 && (address.getPort() < 1 || address.getPort() > 65535)) {
            return "'" + entry + "' has a port outside 1..65535";
        }
        return null;
    }

    /** Every node, in the order given. */
    public List<Address> nodes() {
        return nodes;
    }

    /**
     * Opens a connection to the first node that answers, in the order above; tells {@code failed} of
     * each that does not. A refused login is the cluster's answer, not one node's: it ends the attempt.
     *
     * @throws IOException or TimeoutException: the last node's failure, or the refusal
     */
    public Connection connect(ConnectionFactory factory, String connectionName, FailedAttempt failed) throws IOException, TimeoutException {
        return connect(node -> factory.newConnection(List.of(node), connectionName), failed);
    }

    /** Opens a connection to one node. */
    @FunctionalInterface
    interface NodeConnector {
        Connection open(Address node) throws IOException, TimeoutException;
    }

    Connection connect(NodeConnector connector, FailedAttempt failed) throws IOException, TimeoutException {
        Exception lastFailure = null;
        for (int index : order()) {
            Address node = nodes.get(index);
            try {
                Connection connection = connector.open(node);
                last = index;
                return connection;
            } catch (IOException | TimeoutException e) {
                if (isRefusal(e)) {
                    throw e;
                }
                failed.failed(node, e);
                lastFailure = e;
            }
        }
        if (lastFailure instanceof TimeoutException) {
            throw (TimeoutException) lastFailure;
        }
        throw (IOException) lastFailure;
    }

    /** The indexes of the nodes in the order the next {@link #connect} tries them. */
    private List<Integer> order() {
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= nodes.size(); i++) {
            order.add((last + i) % nodes.size());
        }
        return order;
    }

    /** The node of the last successful {@link #connect}; null before the first. */
    public Address connected() {
        return last < 0 ? null : nodes.get(last);
    }

    private static boolean isRefusal(Exception e) {
        int code = BrokerReply.code(e);
        return e instanceof AuthenticationFailureException || code == AMQP.ACCESS_REFUSED || code == AMQP.NOT_ALLOWED;
    }

    /** {@code host1:5672,host2:5672}, as given (normalised). */
    @Override
    public String toString() {
        return nodes.stream().map(Address::toString).collect(Collectors.joining(","));
    }
}
