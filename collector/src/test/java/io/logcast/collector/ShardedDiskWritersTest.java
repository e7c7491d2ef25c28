package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.WireContract;
import io.logcast.test.RabbitNode;
import io.logcast.test.RequiresRabbitServer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk writers sharded by application, as docs/SCALING.md sets them up: a consistent-hash exchange
 * (plugin {@code rabbitmq_consistent_hash_exchange}) hashing the {@code app} header, bound to the
 * fanout exchange the appenders publish to, routes each application to one of two fanout exchanges,
 * each consumed by its own disk writer. On a node of the test's own, which may enable a plugin.
 */
@RequiresRabbitServer
@Tag("cluster")
class ShardedDiskWritersTest {

    private static final int APPS = 20;
    private static final int EVENTS_PER_APP = 100;
    private static final int SHARDS = 2;

    @Test
    void eachApplicationsEventsAreWrittenWholeByOneOfTheShardsDiskWritersAndEveryEventOnce(@TempDir Path dir) throws Exception {
        String exchange = "logs-sharded";
        try (RabbitNode node = RabbitNode.start("shards")) {
            node.enablePlugins("rabbitmq_consistent_hash_exchange");
            try (Connection admin = node.newConnection("shards-test-admin")) {
                Channel channel = admin.createChannel();
                channel.exchangeDeclare(exchange, "fanout", false);
                channel.exchangeDeclare("logs-by-app", "x-consistent-hash", false, false, Map.of("hash-header", WireContract.HEADER_APP));
                channel.exchangeBind("logs-by-app", exchange, "");
                for (int shard = 1; shard <= SHARDS; shard++) {
                    channel.exchangeDeclare("logs-shard-" + shard, "fanout", false);
                    // the binding key of a consistent-hash binding is the shard's weight: its points on the hash ring
                    channel.exchangeBind("logs-shard-" + shard, "logs-by-app", "100");
                }
            }
            Path[] files = new Path[SHARDS];
            DaemonProcess[] writers = new DaemonProcess[SHARDS];
            try {
                for (int shard = 1; shard <= SHARDS; shard++) {
                    files[shard - 1] = dir.resolve("shard-" + shard + ".log");
                    writers[shard - 1] = DaemonProcess.start("disk", "--uri", node.uri(), "--exchange", "logs-shard-" + shard,
                            "--durable-queue", "logs-disk-" + shard, "--queue-type", "quorum", "--file", files[shard - 1].toString(),
                            "--pattern", "%msg%n");
                }
                for (DaemonProcess writer : writers) {
                    writer.awaitConsuming();
                }
                for (int app = 1; app <= APPS; app++) {
                    try (TrafficApplication application = new TrafficApplication("app-" + app, node.uri(), exchange, false)) {
                        application.log(1, EVENTS_PER_APP);
                    }
                }
                await(files, (long) APPS * EVENTS_PER_APP);
            } finally {
                for (DaemonProcess writer : writers) {
                    if (writer != null) {
                        writer.close();
                    }
                }
            }

            FileTally first = FileTally.of(files[0]);
            FileTally second = FileTally.of(files[1]);
            assertThat(first.seen.keySet()).as("applications of shard 1").isNotEmpty().doesNotContainAnyElementsOf(second.seen.keySet());
            assertThat(second.seen.keySet()).as("applications of shard 2").isNotEmpty();
            assertThat(first.seen.size() + second.seen.size()).isEqualTo(APPS);
            for (FileTally shard : List.of(first, second)) {
                assertThat(shard.duplicates()).isZero();
                for (String app : shard.seen.keySet()) {
                    assertThat(shard.missing(app, EVENTS_PER_APP)).as("events of %s missing from its shard", app).isEmpty();
                }
            }
            System.out.println("[cluster] sharded disk writers: " + APPS + " applications, shard 1 wrote " + first.seen.size() + " of them ("
                    + first.lines + " events), shard 2 " + second.seen.size() + " (" + second.lines + " events)");
        }
    }

    /** Waits until the shards' files together hold {@code events} distinct events. */
    private static void await(Path[] files, long events) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            long distinct = 0;
            for (Path file : files) {
                distinct += FileTally.of(file).distinct();
            }
            assertThat(distinct).as("distinct events in the shards' files").isEqualTo(events);
        });
    }
}
