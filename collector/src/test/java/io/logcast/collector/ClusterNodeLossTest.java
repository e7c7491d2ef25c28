package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.WireContract;
import io.logcast.test.RabbitCluster;
import io.logcast.test.RabbitNode;
import io.logcast.test.RequiresRabbitServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node RabbitMQ cluster of the test's own (shared by the tests of this class, each of which
 * starts again the node it stopped): a node is stopped ({@code rabbitmqctl stop_app}) under steady
 * traffic, and the appender and the collectors carry on through the others.
 */
@RequiresRabbitServer
@Tag("cluster")
class ClusterNodeLossTest {

    /** Events a second of the application of the first test, which logs a fixed number. */
    private static final int APP_RATE = 2_000;
    /** Events a second of the collectors' tests, which log until the node stopped is back, and a phase before and after. */
    private static final int RATE = 3_000;
    private static final long PHASE = 3_000;
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final Pattern RECONNECTED = Pattern.compile("reconnected to (\\S+) \\(of --addresses [^)]*\\) after the connection was lost "
            + "\\(.*\\); re-declared (?:queue|stream) (\\S+) and bound it");

    private static RabbitCluster cluster;
    private static RabbitNode first;
    private static RabbitNode second;
    private static RabbitNode third;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RabbitCluster.start("cluster", 3);
        first = cluster.nodes().get(0);
        second = cluster.nodes().get(1);
        third = cluster.nodes().get(2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anApplicationGivenTheThreeNodesDeliversEveryEventWhenTheNodeItIsConnectedToStopsAndStartsAgain() throws Exception {
        long events = 30_000;
        String exchange = "logs-cluster-app";
        String queue = "cluster-app-count";
        String connectionName = "cluster-test-app";
        try (Connection counter = third.newConnection("cluster-test-counter")) {
            Channel channel = counter.createChannel();
            // the counting queue is a quorum queue led by the third node: it outlives the node the application is on
            channel.exchangeDeclare(exchange, "fanout", true);
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind(queue, exchange, "");
            long dropped;
            long reconnects;
            try (TrafficApplication app = new TrafficApplication("shop", first.uri(), exchange, true, appender -> {
                appender.setAddresses(cluster.addresses());
                appender.setConnectionName(connectionName);
            })) {
                awaitConnectionOn(connectionName, first);
                CompletableFuture<Long> traffic = CompletableFuture.supplyAsync(() -> app.logAtRate(1, APP_RATE, n -> n <= events));
                await().atMost(LONG).until(() -> app.appender.getConfirmedCount() >= events / 3);
                first.stopApp();
                long confirmedBeforeTheLoss = app.appender.getConfirmedCount();
                try {
                    awaitConnectionOn(connectionName, second);
                } finally {
                    first.startApp();
                }
                assertThat(confirmedBeforeTheLoss).as("events confirmed when the node had stopped").isLessThan(events);
                assertThat(traffic.get(5, TimeUnit.MINUTES)).isEqualTo(events);
                await().atMost(LONG).until(() -> app.appender.getConfirmedCount() >= events);
                dropped = app.appender.getDroppedCount();
                reconnects = app.appender.getReconnectCount();
                assertThat(app.statusText()).contains("reconnected to user 'guest' at " + second.address() + " of [" + cluster.addresses() + "]");
            }

            long messages = channel.queueDeclarePassive(queue).getMessageCount();
            Map<Long, Integer> deliveries = new ConcurrentHashMap<>();
            AtomicLong received = new AtomicLong();
            channel.basicQos(1_000);
            channel.basicConsume(queue, true, (tag, message) -> {
                deliveries.merge(((Number) message.getProperties().getHeaders().get(WireContract.HEADER_SEQ)).longValue(), 1, Integer::sum);
                received.incrementAndGet();
            }, tag -> { });
            await().atMost(LONG).untilAsserted(() -> assertThat(received.get()).as("messages consumed of the %d held", messages).isEqualTo(messages));
            TreeSet<Long> missing = new TreeSet<>();
            for (long seq = 1; seq <= events; seq++) {
                if (!deliveries.containsKey(seq)) {
                    missing.add(seq);
                }
            }
            FileTally.report("cluster, appender's node stopped", events, missing.size(), messages - deliveries.size(),
                    "reconnects=" + reconnects + " dropped=" + dropped);
            assertThat(missing).as("events the broker does not hold").isEmpty();
            assertThat(deliveries.keySet()).hasSize((int) events);
            assertThat(dropped).isZero();
            assertThat(reconnects).isEqualTo(1);
            channel.queueDelete(queue);
            channel.exchangeDelete(exchange);
        }
    }

    @Test
    void aDiskWriterOnAQuorumQueueWritesEveryEventOnceWhenItsNodeAndThenTheQueuesLeaderStop(@TempDir Path dir) throws Exception {
        String exchange = "logs-cluster-disk";
        String queue = "cluster-disk";
        Path file = dir.resolve("cluster.log");
        // declared through the third node, the queue's leader is there; the daemon connects to the first: two losses, not one
        try (Connection admin = third.newConnection("cluster-test-admin")) {
            admin.createChannel().queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        assertThat(cluster.nodeOf(queue)).isSameAs(third);
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", first.uri(), "--addresses", cluster.addresses(),
                "--exchange", exchange, "--exchange-durable", "--durable-queue", queue, "--queue-type", "quorum",
                "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "1")) {
            String consuming = disk.awaitStderr("consuming from exchange", Duration.ofSeconds(60));
            assertThat(consuming).endsWith("through queue " + queue + " at " + first.address() + " (of --addresses " + cluster.addresses() + ")");
            assertThat(cluster.nodeOfConnection(connectionName(disk))).isSameAs(first);

            long events;
            try (TrafficApplication app = new TrafficApplication("shop", second.uri(), exchange, true)) {
                long logged = logPhase(app, 1);
                FileTally.awaitDistinct(file, logged, LONG);

                logged = stopUnderTraffic(app, logged + 1, flowing -> FileTally.awaitDistinct(file, flowing, LONG), first, () -> {
                    Matcher reconnected = RECONNECTED.matcher(disk.awaitStderr(RECONNECTED.pattern(), LONG));
                    assertThat(reconnected.find()).isTrue();
                    assertThat(reconnected.group(1)).as("the node after the one lost").isEqualTo(second.address());
                    assertThat(reconnected.group(2)).isEqualTo(queue);
                });
                FileTally.awaitDistinct(file, logged, LONG);

                logged = stopUnderTraffic(app, logged + 1, flowing -> FileTally.awaitDistinct(file, flowing, LONG), third, () ->
                        // the two nodes left elect another leader; the daemon's connection is not on the node stopped
                        await().atMost(LONG).untilAsserted(() -> assertThat(cluster.nodeOf(queue)).isIn(first, second)));
                events = logPhase(app, logged + 1);
                FileTally.awaitDistinct(file, events, LONG);
            }
            try (Connection check = second.newConnection("cluster-test-check"); Channel channel = check.createChannel()) {
                Faults.awaitQueueEmpty(channel, queue, LONG);
                disk.terminate();
                assertThat(disk.awaitExit(Duration.ofSeconds(60))).as(disk.stderr()).isZero();
                channel.queueDelete(queue);
                channel.exchangeDelete(exchange);
            }
            FileTally written = FileTally.of(file);
            long lost = written.missing("shop", events).size();
            FileTally.report("cluster, disk writer on a quorum queue, its node then the leader stopped", events, lost, written.duplicates(),
                    "reconnects=" + disk.stderrLines().stream().filter(line -> line.contains("reconnected to")).count()
                            + " suppressed=" + Faults.count(Faults.summary(disk), "duplicates suppressed"));
            assertThat(lost).isZero();
            assertThat(written.duplicates()).isZero();
        }
    }

    @Test
    void aDiskWriterOnAStreamWritesEveryEventOnceWhenItsNodeAndThenTheStreamsLeaderStop(@TempDir Path dir) throws Exception {
        String exchange = "logs-cluster-stream";
        String stream = "cluster-stream";
        Path file = dir.resolve("stream.log");
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", first.uri(), "--addresses", cluster.addresses(),
                "--exchange", exchange, "--exchange-durable", "--stream", stream, "--file", file.toString(), "--pattern", "%msg%n",
                "--max-reconnect-delay", "1")) {
            assertThat(disk.awaitConsuming()).isEqualTo(stream);
            // declared through the daemon's connection, the stream is led from that node: the first loss takes both
            assertThat(cluster.nodeOf(stream)).isSameAs(first);

            long events;
            try (TrafficApplication app = new TrafficApplication("shop", first.uri(), exchange, true,
                    appender -> appender.setAddresses(cluster.addresses()))) {
                long logged = logPhase(app, 1);
                FileTally.awaitDistinct(file, logged, LONG);

                logged = stopUnderTraffic(app, logged + 1, flowing -> FileTally.awaitEvent(file, "shop", flowing, LONG), first, () -> {
                    Matcher reconnected = RECONNECTED.matcher(disk.awaitStderr(RECONNECTED.pattern(), LONG));
                    assertThat(reconnected.find()).isTrue();
                    // while the stream elects its leader, a node whose replica is not running yet refuses a stream
                    // consumer (406 "does not have a replica on the local node"): the daemon then goes on to the next
                    assertThat(reconnected.group(1)).as("a node left").isIn(second.address(), third.address());
                    assertThat(reconnected.group(2)).isEqualTo(stream);
                    awaitWrittenWhileStopped(file);
                });
                FileTally.awaitDistinct(file, logged, LONG);

                RabbitNode leader = cluster.nodeOf(stream);
                assertThat(leader).as("the stream's leader once the first node is back").isIn(second, third);
                logged = stopUnderTraffic(app, logged + 1, flowing -> FileTally.awaitEvent(file, "shop", flowing, LONG), leader, () -> {
                    await().atMost(LONG).ignoreExceptions().untilAsserted(() -> assertThat(cluster.nodeOf(stream)).isNotSameAs(leader));
                    awaitWrittenWhileStopped(file);
                });
                events = logPhase(app, logged + 1);
                FileTally.awaitDistinct(file, events, LONG);
                assertThat(app.appender.getDroppedCount()).isZero();
            }
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(60))).as(disk.stderr()).isZero();

            FileTally written = FileTally.of(file);
            long lost = written.missing("shop", events).size();
            FileTally.report("cluster, disk writer on a stream, its node then the stream's leader stopped", events, lost, written.duplicates(),
                    "reconnects=" + disk.stderrLines().stream().filter(line -> line.contains("reconnected to")).count()
                            + " suppressed=" + Faults.count(Faults.summary(disk), "duplicates suppressed"));
            assertThat(lost).isZero();
            assertThat(written.duplicates()).isZero();
            assertThat(written.distinct()).isEqualTo(events);
            try (Connection check = second.newConnection("cluster-test-check"); Channel channel = check.createChannel()) {
                channel.queueDelete(stream);
                channel.exchangeDelete(exchange);
            }
        }
    }

    /** Waits until {@link #PHASE} more events are in the file than when called: traffic reaches it while a node is down. */
    private static void awaitWrittenWhileStopped(Path file) throws Exception {
        FileTally.awaitDistinct(file, FileTally.of(file).distinct() + PHASE, LONG);
    }

    @Test
    void aDiskWriterOnAClassicDurableQueueWaitsOutItsNodesLossAndReportsExactlyWhatTheQueueMissedMeanwhile(@TempDir Path dir)
            throws Exception {
        String exchange = "logs-cluster-classic";
        String queue = "cluster-classic";
        Path file = dir.resolve("classic.log");
        // a classic queue lives on the node it was declared through: the first; the daemon connects to the second
        try (Connection admin = first.newConnection("cluster-test-admin")) {
            admin.createChannel().queueDeclare(queue, true, false, false, null);
        }
        assertThat(cluster.nodeOf(queue)).isSameAs(first);
        String nodes = second.address() + "," + third.address() + "," + first.address();
        try (DaemonProcess disk = DaemonProcess.start("disk", "--uri", second.uri(), "--addresses", nodes, "--exchange", exchange,
                "--exchange-durable", "--durable-queue", queue, "--file", file.toString(), "--pattern", "%msg%n", "--max-reconnect-delay", "1")) {
            disk.awaitConsuming();
            long events;
            try (TrafficApplication app = new TrafficApplication("shop", third.uri(), exchange, true)) {
                long logged = logPhase(app, 1);
                FileTally.awaitDistinct(file, logged, LONG);

                logged = stopUnderTraffic(app, logged + 1, flowing -> FileTally.awaitDistinct(file, flowing, LONG), first, () ->
                        // retried, not refused: the queue comes back with its node
                        disk.awaitStderr("cannot consume from exchange '" + exchange + "' at .*\\(404 NOT_FOUND - home node '" + first.name()
                                + "' of durable queue '" + queue + "' in vhost '/' is down or inaccessible\\); attempt \\d+, retrying in 1 s", LONG));
                // consuming again, through whichever node answered first once the queue's node was back
                disk.awaitStderr("reconnected to ", LONG);
                events = logPhase(app, logged + 1);
                FileTally.awaitEvent(file, "shop", events, LONG);
            }
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(60))).as(disk.stderr()).isZero();

            FileTally written = FileTally.of(file);
            TreeSet<Long> absent = written.missing("shop", events);
            TreeSet<Long> reported = Faults.reportedMissing(disk, "shop");
            FileTally.report("cluster, disk writer on a classic durable queue whose node stopped", events, absent.size(), written.duplicates(),
                    "reported_missing=" + reported.size());
            assertThat(absent).as("what was published while the queue's node was down").isNotEmpty();
            assertThat(reported).as("seqs reported missing = seqs absent from the file").isEqualTo(absent);
            assertThat(written.duplicates()).isZero();
            try (Connection check = second.newConnection("cluster-test-check"); Channel channel = check.createChannel()) {
                channel.queueDelete(queue);
                channel.exchangeDelete(exchange);
            }
        }
    }

    @Test
    void aConsoleWhoseTemporaryQueuesNodeStopsDeclaresItOnAnotherAndReportsExactlyTheEventsItDidNotShow() throws Exception {
        String exchange = "logs-cluster-console";
        try (DaemonProcess console = DaemonProcess.start("console", "--uri", first.uri(), "--addresses", cluster.addresses(),
                "--exchange", exchange, "--color", "never", "--pattern", "%msg%n", "--max-reconnect-delay", "1")) {
            String firstQueue = console.awaitConsuming();
            assertThat(cluster.nodeOf(firstQueue)).as("a temporary queue lives on the node of its connection").isSameAs(first);

            long events;
            try (TrafficApplication app = new TrafficApplication("shop", second.uri(), exchange, false)) {
                long logged = logPhase(app, 1);
                console.awaitStdout("shop " + logged + "\n", 1, LONG);

                AtomicReference<String> secondQueue = new AtomicReference<>();
                logged = stopUnderTraffic(app, logged + 1, flowing -> console.awaitStdout("shop " + flowing + "\n", 1, LONG), first, () -> {
                    Matcher reconnected = RECONNECTED.matcher(console.awaitStderr(RECONNECTED.pattern(), LONG));
                    assertThat(reconnected.find()).isTrue();
                    assertThat(reconnected.group(1)).isEqualTo(second.address());
                    secondQueue.set(reconnected.group(2));
                });
                assertThat(secondQueue.get()).isNotEqualTo(firstQueue);
                assertThat(cluster.nodeOf(secondQueue.get())).isSameAs(second);
                // events after the loss make its gap visible to the console (a gap at the very end cannot be)
                events = logPhase(app, logged + 1);
                console.awaitStdout("shop " + events + "\n", 1, LONG);
            }
            console.terminate();
            assertThat(console.awaitExit(Duration.ofSeconds(60))).as(console.stderr()).isZero();

            List<String> lines = List.of(console.stdout().split("\n"));
            List<String> markers = lines.stream().filter(line -> line.startsWith("----- ")).collect(Collectors.toList());
            assertThat(markers).hasSize(1);
            assertThat(markers.get(0)).contains("logcast: reconnected after the connection was lost").endsWith("events may have been missed here -----");
            TreeSet<Long> shown = lines.stream().filter(line -> line.startsWith("shop ")).map(line -> Long.parseLong(line.substring(5)))
                    .collect(Collectors.toCollection(TreeSet::new));
            TreeSet<Long> absent = new TreeSet<>();
            for (long n = 1; n <= events; n++) {
                if (!shown.contains(n)) {
                    absent.add(n);
                }
            }
            TreeSet<Long> reported = Faults.reportedMissing(console, "shop");
            String summary = Faults.summary(console);
            long eventLines = lines.stream().filter(line -> line.startsWith("shop ")).count();
            FileTally.report("cluster, console's temporary queue on the node stopped", events, absent.size(), eventLines - shown.size(),
                    "reported_missing=" + reported.size() + " gaps_reported=" + Faults.count(summary, "gaps reported"));
            assertThat(absent).as("the node's loss costs the temporary queue the events published until it is declared again").isNotEmpty();
            assertThat(reported).as("seqs reported missing = events not shown").isEqualTo(absent);
            assertThat(Faults.count(summary, "events missing")).isEqualTo(absent.size());
            assertThat(eventLines).as("events shown twice").isEqualTo(shown.size());
            assertThat(lines).hasSize(shown.size() + 1);
            try (Connection check = second.newConnection("cluster-test-check")) {
                check.createChannel().exchangeDelete(exchange);
            }
        }
    }

    /** Logs {@link #PHASE} events from {@code from} at the steady rate; returns the last. */
    private static long logPhase(TrafficApplication app, long from) {
        return app.logAtRate(from, RATE, n -> n < from + PHASE);
    }

    /** Waits until a consumer has the event of the number given. */
    @FunctionalInterface
    private interface Flowing {
        void awaitEvent(long n) throws Exception;
    }

    /** What a test waits for while a node is stopped. */
    @FunctionalInterface
    private interface WhileStopped {
        void await() throws Exception;
    }

    /**
     * Logs events {@code from}, {@code from + 1}... at the steady rate; once {@code flowing} saw the
     * traffic reach its consumer ({@link #PHASE} events on), stops {@code node} ({@code stop_app}), waits
     * for {@code whileStopped}, starts the node again and stops logging. Returns the last event logged.
     */
    private static long stopUnderTraffic(TrafficApplication app, long from, Flowing flowing, RabbitNode node, WhileStopped whileStopped)
            throws Exception {
        AtomicBoolean nodeBack = new AtomicBoolean();
        CompletableFuture<Long> traffic = CompletableFuture.supplyAsync(() -> app.logAtRate(from, RATE, n -> !nodeBack.get()));
        flowing.awaitEvent(from + PHASE);
        node.stopApp();
        try {
            whileStopped.await();
        } finally {
            node.startApp();
            nodeBack.set(true);
        }
        return traffic.get(5, TimeUnit.MINUTES);
    }

    /** Waits until the connection named {@code name} is on {@code node}, as the cluster lists it. */
    private static void awaitConnectionOn(String name, RabbitNode node) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertThat(cluster.nodeOfConnection(name)).isSameAs(node));
    }

    private static String connectionName(DaemonProcess daemon) {
        return "logcast-collector disk (pid " + daemon.pid() + ")";
    }
}
