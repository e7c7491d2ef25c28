package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@RequiresRabbitServer
@Tag("cluster")
class RabbitClusterTest {

    private static final int MESSAGES = 100;
    private static final Pattern RUNNING_NODES = Pattern.compile("\"running_nodes\":\\[([^\\]]*)\\]");

    @Test
    void aQuorumQueueOfAThreeNodeClusterIsServedByAnotherNodeWhenItsLeaderStopsAndTheLeaderRejoinsWhenStartedAgain() throws Exception {
        try (RabbitCluster cluster = RabbitCluster.start("cluster-test", 3)) {
            List<String> names = cluster.nodes().stream().map(RabbitNode::name).collect(Collectors.toList());
            assertThat(runningNodes(cluster.nodes().get(0))).containsExactlyInAnyOrderElementsOf(names);
            assertThat(cluster.addresses()).isEqualTo(cluster.nodes().stream().map(RabbitNode::address).collect(Collectors.joining(",")));

            String queue = "cluster-test-quorum";
            try (Connection connection = cluster.nodes().get(0).newConnection("cluster-test-publisher")) {
                Channel channel = connection.createChannel();
                channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
                channel.confirmSelect();
                for (int i = 1; i <= MESSAGES; i++) {
                    channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(30_000);
            }
            RabbitNode leader = cluster.nodeOf(queue);

            leader.stop();
            assertThat(leader.isRunning()).isFalse();
            assertThat(cluster.running()).hasSize(2).doesNotContain(leader);
            // while the survivors elect a leader, the queue may name none: nodeOf() fails, and is asked again
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cluster.nodeOf(queue)).isNotSameAs(leader));
            RabbitNode newLeader = cluster.nodeOf(queue);
            assertThat(cluster.running()).contains(newLeader);
            RabbitNode survivor = cluster.running().stream().filter(node -> node != newLeader).findFirst().orElseThrow();
            try (Connection connection = survivor.newConnection("cluster-test-consumer")) {
                List<GetResponse> received = Queues.awaitMessages(connection.createChannel(), queue, MESSAGES, Duration.ofSeconds(30));
                assertThat(received).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8))
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).collect(Collectors.toList()));
            }

            leader.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(runningNodes(newLeader)).containsExactlyInAnyOrderElementsOf(names));
        }
    }

    /** The running nodes of the cluster, as {@code node} sees them. */
    private static List<String> runningNodes(RabbitNode node) throws Exception {
        String status = node.ctl("cluster_status", "--formatter", "json").orThrow().output();
        Matcher running = RUNNING_NODES.matcher(status);
        assertThat(running.find()).as(status).isTrue();
        return List.of(running.group(1).replace("\"", "").split(","));
    }
}
