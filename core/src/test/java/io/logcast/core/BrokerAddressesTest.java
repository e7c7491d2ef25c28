package io.logcast.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ConnectionFactory;

import org.junit.jupiter.api.Test;

class BrokerAddressesTest {

    @Test
    void aListOfHostsAndPortsIsReadInOrder() {
        BrokerAddresses addresses = BrokerAddresses.parse(" node1:5672, node2:5673 ,[::1]:5674,node4");

        assertThat(addresses.nodes()).containsExactly(new Address("node1", 5672), new Address("node2", 5673),
                new Address("[::1]", 5674), new Address("node4", -1));
        assertThat(addresses).hasToString("node1:5672,node2:5673,[::1]:5674,node4");
        assertThat(addresses.connected()).isNull();
    }

    @Test
    void aListThatIsNotOneIsRefusedSayingWhichEntryAndWhy() {
        assertThatThrownBy(() -> BrokerAddresses.parse("node1:5672,,node2:5672"))
                .hasMessage("'node1:5672,,node2:5672' is not a list of host:port (entry 2 is empty)");
        assertThatThrownBy(() -> BrokerAddresses.parse("node1:amqp"))
                .hasMessage("'node1:amqp' is not a list of host:port ('node1:amqp' has no valid port)");
        assertThatThrownBy(() -> BrokerAddresses.parse("node1:"))
                .hasMessage("'node1:' is not a list of host:port ('node1:' has no valid port)");
        assertThatThrownBy(() -> BrokerAddresses.parse("node1:5672,node2:70000"))
                .hasMessage("'node1:5672,node2:70000' is not a list of host:port (entry 2 'node2:70000' has a port outside 1..65535)");
        assertThatThrownBy(() -> BrokerAddresses.parse(":5672"))
                .hasMessage("':5672' is not a list of host:port (':5672' has no valid host)");
        assertThatThrownBy(() -> BrokerAddresses.parse("::1")).hasMessageStartingWith("'::1' is not a list of host:port ('::1': ")
                .hasMessageContaining("IPv6");
        assertThatThrownBy(() -> BrokerAddresses.parse("  ")).hasMessage("'' is not a list of host:port (is empty)");
        assertThatThrownBy(() -> BrokerAddresses.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstConnectionTriesTheNodesInTheOrderGivenAndTellsOfEachThatDidNotAnswer() throws Exception {
        List<Address> closed = List.of(new Address("127.0.0.1", freePort()), new Address("127.0.0.1", freePort()),
                new Address("127.0.0.1", freePort()));
        BrokerAddresses addresses = BrokerAddresses.parse(closed.get(0) + "," + closed.get(1) + "," + closed.get(2));
        List<String> failures = new ArrayList<>();

        assertThatThrownBy(() -> addresses.connect(new ConnectionFactory(), "test",
                (node, e) -> failures.add(node + " " + e.getClass().getSimpleName())))
                .isInstanceOf(ConnectException.class);
        assertThat(failures).containsExactly(closed.get(0) + " ConnectException", closed.get(1) + " ConnectException",
                closed.get(2) + " ConnectException");
        assertThat(addresses.connected()).isNull();
    }

    @Test
    void afterAConnectionTheNextRoundStartsWithTheNodeAfterItAndAsksItLast() throws Exception {
        BrokerAddresses addresses = BrokerAddresses.parse("a:1,b:2,c:3");
        List<String> asked = new ArrayList<>();
        BrokerAddresses.FailedAttempt ignore = (node, e) -> { };

        addresses.connect(answering(asked, "b:2"), ignore);
        assertThat(asked).containsExactly("a:1", "b:2");
        assertThat(addresses.connected()).isEqualTo(new Address("b", 2));

        asked.clear();
        assertThatThrownBy(() -> addresses.connect(answering(asked), ignore)).isInstanceOf(ConnectException.class);
        assertThat(asked).as("no node answered: the round ends with the node connected to last").containsExactly("c:3", "a:1", "b:2");
        assertThat(addresses.connected()).isEqualTo(new Address("b", 2));

        asked.clear();
        addresses.connect(answering(asked, "a:1", "b:2"), ignore);
        assertThat(asked).containsExactly("c:3", "a:1");
        assertThat(addresses.connected()).isEqualTo(new Address("a", 1));
    }

    @Test
    void aRefusedLoginEndsTheRoundAtOnce() {
        BrokerAddresses addresses = BrokerAddresses.parse("a:1,b:2");
        List<String> asked = new ArrayList<>();
        AuthenticationFailureException refused = new AuthenticationFailureException("ACCESS_REFUSED - Login was refused");

        assertThatThrownBy(() -> addresses.connect(node -> {
            asked.add(node.toString());
            throw refused;
        }, (node, e) -> asked.add("told of " + node))).isSameAs(refused);
        assertThat(asked).containsExactly("a:1");
    }

    /** Opens a (null) connection to the nodes named, refuses the others; records each node asked. */
    private static BrokerAddresses.NodeConnector answering(List<String> asked, String... answering) {
        return node -> {
            asked.add(node.toString());
            if (List.of(answering).contains(node.toString())) {
                return null;
            }
            throw new ConnectException("Connection refused");
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
