package io.logcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Replay speed of a stream: {@code console --stream S --from first --no-follow} (a JVM of its own,
 * stdout to /dev/null or a file), against a raw amqp-client consumer reading the same stream, side by
 * side in one run. The stream holds {@code --events} messages exactly as the appender publishes them
 * (the typical event's JSON body and the wire contract's headers), published once with confirms. The
 * raw reader is tried with several prefetches first; the best is the baseline of every round.
 *
 * <pre>java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.StreamReplay [--events 1000000] [--rounds 3]
 *     [--prefetches 250,1000,2000,5000] [--collector collector/target/logcast-collector.jar] [--console-options "--prefetch 2000"]
 *     [--jfr benchmarks/target/replay/console.jfr]</pre>
 * With {@code --jfr} a last console run records a JFR profile there.
 */
public final class StreamReplay {

    private StreamReplay() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "1000000"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        int[] prefetches = Arrays.stream(options.getOrDefault("--prefetches", "250,1000,2000,5000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Path jar = Path.of(options.getOrDefault("--collector", "collector/target/logcast-collector.jar"));
        List<String> consoleOptions = options.containsKey("--console-options")
                ? List.of(options.get("--console-options").trim().split("\\s+")) : List.of();
        Path jfr = options.containsKey("--jfr") ? Path.of(options.get("--jfr")).toAbsolutePath() : null;
        String uri = LocalBroker.uri();
        String stream = "logcast-bench-replay-" + UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createDirectories(Path.of("benchmarks", "target", "replay"));

        try (Connection connection = LocalBroker.connect(uri, "logcast-bench replay")) {
            Channel admin = connection.createChannel();
            admin.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "stream"));
            try {
                byte[] body = TypicalEvent.jsonBody();
                System.out.println("stream " + stream + ": publishing " + events + " events of " + body.length + " bytes (JSON body)");
                long published = System.nanoTime();
                fill(connection, stream, body, events);
                System.out.printf("  published in %.1f s%n", (System.nanoTime() - published) / 1e9);

                System.out.println("raw amqp-client reader, each prefetch once:");
                int best = prefetches[0];
                double bestRate = 0;
                for (int prefetch : prefetches) {
                    double rate = events / rawRead(connection, stream, prefetch, events);
                    System.out.printf("  prefetch %5d: %,.0f events/s%n", prefetch, rate);
                    if (rate > bestRate) {
                        bestRate = rate;
                        best = prefetch;
                    }
                }
                System.out.println("rounds: raw (prefetch " + best + "), then the console " + String.join(" ", consoleOptions) + ", stdout to /dev/null");
                List<Double> ratios = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double raw = events / rawRead(connection, stream, best, events);
                    Replay console = console(jar, uri, stream, consoleOptions, null, work, null);
                    double rate = events / console.seconds;
                    ratios.add(rate / raw);
                    System.out.printf("  round %d: raw %,.0f events/s, console %,.0f events/s (%.1f s, JVM start included), console/raw %.2f%n",
                            round, raw, rate, console.seconds, rate / raw);
                }
                Replay toFile = console(jar, uri, stream, consoleOptions, work.resolve("console.out"), work, null);
                long lines;
                try (var content = Files.lines(work.resolve("console.out"), StandardCharsets.UTF_8)) {
                    lines = content.count();
                }
                System.out.printf("  console to a file: %,.0f events/s, %d lines (expected %d)%n", events / toFile.seconds, lines, events);
                Files.deleteIfExists(work.resolve("console.out"));
                if (jfr != null) {
                    Replay profiled = console(jar, uri, stream, consoleOptions, null, work, jfr);
                    System.out.printf("  console with a JFR profile (%s): %,.0f events/s%n", jfr, events / profiled.seconds);
                }
                List<Double> sorted = ratios.stream().sorted().collect(Collectors.toList());
                System.out.printf("console/raw: median %.2f, range %.2f..%.2f over %d rounds (goal >= 0.8)%n",
                        sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), rounds);
            } finally {
                admin.queueDelete(stream);
            }
        }
    }

    /** Publishes {@code events} messages as the appender does, with confirms (a window of {@link RawCeiling#WINDOW}). */
    private static void fill(Connection connection, String stream, byte[] body, int events) throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        String producer = UUID.randomUUID().toString();
        for (long seq = 1; seq <= events; seq++) {
            channel.basicPublish("", stream, RawCeiling.properties(producer, seq), body);
            if (seq % RawCeiling.WINDOW == 0) {
                channel.waitForConfirmsOrDie(60_000);
            }
        }
        channel.waitForConfirmsOrDie(60_000);
        channel.close();
    }

    /**
     * Reads the stream from its first message to its {@code events}-th with a consumer of this prefetch,
     * acknowledging as the collectors do (a multiple ack every prefetch/2); returns the seconds from
     * basic.consume to the last message.
     */
    private static double rawRead(Connection connection, String stream, int prefetch, int events) throws Exception {
        Channel channel = connection.createChannel();
        channel.basicQos(prefetch);
        CountDownLatch all = new CountDownLatch(1);
        long started = System.nanoTime();
        channel.basicConsume(stream, false, Map.of("x-stream-offset", "first"), new DefaultConsumer(channel) {
            private int received;
            private int unacknowledged;

            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                received++;
                if (++unacknowledged >= Math.max(1, prefetch / 2) || received == events) {
                    channel.basicAck(envelope.getDeliveryTag(), true);
                    unacknowledged = 0;
                }
                if (received == events) {
                    all.countDown();
                }
            }
        });
        if (!all.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the raw reader did not read " + events + " events within 10 minutes");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        channel.close();
        return seconds;
    }

    private record Replay(double seconds) {
    }

    /** Runs the console until it exits by itself; stdout to {@code output}, or /dev/null; a JFR profile to {@code jfr} unless null. */
    private static Replay console(Path jar, String uri, String stream, List<String> consoleOptions, Path output, Path work, Path jfr)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (jfr != null) {
            line.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        line.addAll(List.of("-jar", jar.toString(), "console", "--uri", uri, "--stream", stream, "--from", "first", "--no-follow", "--color", "never"));
        line.addAll(consoleOptions);
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(work.resolve("console.err").toFile())
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("LOGCAST_AMQP_URI");
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the console did not finish within 10 minutes");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the console exited " + process.exitValue() + ": "
                    + Files.readString(work.resolve("console.err"), StandardCharsets.UTF_8));
        }
        return new Replay(seconds);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
