package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import org.junit.jupiter.api.Test;

@RequiresRabbitServer
class RabbitNodeTest {

    @Test
    void aNodeOfItsOwnAnswersOnItsPortSurvivesARestartOfItsAppAndItsProcessIsGoneAfterClose() throws Exception {
        long pid;
        String uri;
        try (RabbitNode node = RabbitNode.start("node-test")) {
            assertThat(node.name()).matches("logcast-node-test-[0-9a-f]{8}@localhost");
            assertThat(node.port()).isNotEqualTo(5672).isLessThan(32_768);
            assertThat(node.ctl("status").orThrow().output()).contains("Node name: " + node.name());
            uri = node.uri();
            pid = node.osPid();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

            Connection before = node.newConnection("node-test-before");
            node.restartApp();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(before.isOpen()).as("a connection opened before the restart").isFalse());
            assertThat(before.getCloseReason().getMessage()).contains("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
            try (Connection after = node.newConnection("node-test-after")) {
                assertThat(after.isOpen()).isTrue();
            }
            assertThat(node.ctl("status").orThrow().output()).contains("OS PID: " + pid);
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the node's process after close()").isNotEqualTo(java.util.Optional.of(true));
        TestBroker gone = new TestBroker(TestBroker.Source.OWN_NODE, java.net.URI.create(uri), true, "RabbitMQ", null);
        assertThatThrownBy(() -> gone.newConnection("node-test-gone")).isInstanceOf(IOException.class);
    }

    @Test
    void theScratchNodeIsOnePerTestJvmAndAMemoryAlarmOnItBlocksPublishingUntilItClears(RabbitNode scratch, RabbitNode again) throws Exception {
        assertThat(scratch).isSameAs(again);
        assertThat(scratch.name()).startsWith("logcast-scratch-");
        List<String> notices = new CopyOnWriteArrayList<>();
        try (Connection connection = scratch.newConnection("node-test-alarm")) {
            connection.addBlockedListener(reason -> notices.add("blocked: " + reason), () -> notices.add("unblocked"));
            Channel channel = connection.createChannel();
            try {
                scratch.raiseMemoryAlarm();
                // RabbitMQ blocks a connection when it publishes
                channel.basicPublish("", "node-test-nowhere", null, new byte[0]);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notices).containsExactly("blocked: low on memory"));
            } finally {
                scratch.clearMemoryAlarm();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notices).containsExactly("blocked: low on memory", "unblocked"));
        }
    }
}
