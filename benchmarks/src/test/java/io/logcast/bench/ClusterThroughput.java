package io.logcast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;

import io.logcast.appender.RabbitMQAppender;
import io.logcast.test.RabbitCluster;
import io.logcast.test.RabbitNode;

/**
 * Events/s end to end on one RabbitMQ node and on a three-node cluster, side by side in one run: an
 * application logs through the appender until the last event is a line in a disk collector's file.
 * Every node is started by this run from the installed {@code rabbitmq-server} (nodes of its own, as
 * the cluster tests start them) and stopped at its end; all run for the whole run, so each setup
 * shares the machine with the same processes. Rounds alternate the setups, each round starting with
 * the next one; round 0 warms up and is not counted. It uses the test harness's nodes, so it runs from the test class path:
 *
 * <pre>
 * mvn -B -q -pl collector,benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp benchmarks/target/test-classes:benchmarks/target/classes:$(cat benchmarks/target/test-classpath.txt) \
 *      io.logcast.bench.ClusterThroughput [--events 50000] [--rounds 3] [--collector-jar collector/target/logcast-collector.jar]
 * </pre>
 */
public final class ClusterThroughput {

    /** Where the application publishes and how its disk collector consumes. */
    private record Setup(String name, String appUri, String exchange, CollectorProcess disk, FileLines lines, List<Double> rates) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int events = Integer.parseInt(options.getOrDefault("events", "50000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Path jar = Path.of(options.getOrDefault("collector-jar", "collector/target/logcast-collector.jar"));
        Path work = Files.createTempDirectory("logcast-cluster-bench-");
        System.out.println("events per round: " + events + ", rounds: " + rounds + " (+ round 0, warm-up, not counted); body: "
                + TypicalEvent.describeBody());
        try (RabbitNode single = RabbitNode.start("bench-single"); RabbitCluster cluster = RabbitCluster.start("bench", 3)) {
            RabbitNode first = cluster.nodes().get(0);
            RabbitNode second = cluster.nodes().get(1);
            RabbitNode third = cluster.nodes().get(2);
            // the collectors reach the second node first: the application's events cross from the first node to it
            String collectorsNodes = second.address() + "," + third.address() + "," + first.address();
            List<Setup> setups = new ArrayList<>();
            setups.add(setup(work, jar, "one node, temporary queue", single.uri(), single.uri(), List.of()));
            setups.add(setup(work, jar, "one node, quorum queue", single.uri(), single.uri(),
                    List.of("--durable-queue", "bench-quorum", "--queue-type", "quorum")));
            setups.add(setup(work, jar, "cluster, temporary queue", first.uri(), second.uri(), List.of("--addresses", collectorsNodes)));
            setups.add(setup(work, jar, "cluster, quorum queue", first.uri(), second.uri(),
                    List.of("--addresses", collectorsNodes, "--durable-queue", "bench-quorum", "--queue-type", "quorum")));
            System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());
            for (int round = 0; round <= rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + (round == 0 ? " (warm-up)" : "") + ":");
                // each round starts with another setup: none is always the first after a pause
                for (int i = 0; i < setups.size(); i++) {
                    Setup setup = setups.get((round + i) % setups.size());
                    double rate = events / secondsToDeliver(setup, events);
                    if (round > 0) {
                        setup.rates().add(rate);
                    }
                    line.append(String.format(" %s %,.0f/s;", setup.name(), rate));
                }
                System.out.println(line + " load " + Files.readString(Path.of("/proc/loadavg")).strip());
            }
            double baseline = median(setups.get(0).rates());
            System.out.println();
            for (Setup setup : setups) {
                System.out.printf("median %-28s %,8.0f events/s  (%.2f x one node, temporary queue)%n", setup.name(),
                        median(setup.rates()), median(setup.rates()) / baseline);
            }
            for (Setup setup : setups) {
                setup.lines().close();
                setup.disk().close();
            }
        }
    }

    private static Setup setup(Path work, Path jar, String name, String appUri, String collectorUri, List<String> collectorOptions)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve(name.replaceAll("[^a-z]+", "-")));
        String exchange = LocalBroker.uniqueExchange("cluster-bench");
        List<String> options = new ArrayList<>(List.of("--file", dir.resolve("app.log").toString(), "--max-file-size", "100GB"));
        options.addAll(collectorOptions);
        CollectorProcess disk = CollectorProcess.start(jar, List.of(), dir, "disk", collectorUri, exchange, options);
        return new Setup(name, appUri, exchange, disk, new FileLines(dir.resolve("app.log")), new ArrayList<>());
    }

    /** Seconds from the first of {@code events} log calls until the last is a line in the setup's file. */
    private static double secondsToDeliver(Setup setup, int events) throws Exception {
        LoggerContext context = ShopApplication.newContext();
        RabbitMQAppender appender = ShopApplication.logcastAppender(context, setup.appUri(), setup.exchange());
        appender.setAppendTimeout(Duration.buildBySeconds(60)); // waits for room: every event is delivered
        appender.setShutdownGracePeriod(Duration.buildBySeconds(60));
        ShopApplication.attach(context, appender);
        Logger logger = ShopApplication.logger(context);
        try {
            long before = setup.lines().count();
            logger.info("logcast-bench: round starts"); // connects; not timed
            setup.lines().awaitAtLeast(before + 1, 60, () -> { });
            long started = System.nanoTime();
            for (long n = 1; n <= events; n++) {
                TypicalEvent.log(logger, n);
            }
            setup.lines().awaitAtLeast(before + 1 + events, 300, () -> { });
            double seconds = (System.nanoTime() - started) / 1e9;
            if (appender.getDroppedCount() != 0 || setup.lines().count() != before + 1 + events) {
                throw new IllegalStateException(setup.name() + ": dropped " + appender.getDroppedCount() + ", lines in file "
                        + (setup.lines().count() - before) + " of " + (events + 1));
            }
            return seconds;
        } finally {
            context.stop();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
