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
 *     [--prefetches 250,1000,2000,5000] [--collector collector/target/logcast-collector.jar]
 *     [--console-options "--prefetch 1000;--prefetch 2000"] [--jfr benchmarks/target/replay/console.jfr]</pre>
 * {@code --console-options} lists console variants separated by {@code ;} (each round runs the raw
 * reader, then the console as it is, then each variant). With {@code --jfr} a last console run
 * records a JFR profile there.
 */
public final class StreamReplay {

    /** Messages published between two waits for their confirms while the stream is filled. */
    private static final int CONFIRM_WINDOW = 1_000;

    private StreamReplay() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "1000000"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        int[] prefetches = Arrays.stream(options.getOrDefault("--prefetches", "250,1000,2000,5000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Path jar = Path.of(options.getOrDefault("--collector", "collector/target/logcast-collector.jar"));
        List<List<String>> variants = new ArrayList<>();
        variants.add(List.of());
        for (String variant : options.getOrDefault("--console-options", "").split(";")) {
            if (!variant.isBlank()) {
                variants.add(List.of(variant.trim().split("\\s+")));
            }
        }
        Path jfr = options.containsKey("--jfr") ? Path.of(options.get("--jfr")).toAbsolutePath() : null;
        String uri = LocalBroker.uri();
        String stream = "logcast-bench-replay-" + UUID.randomUUID().toString().substring(0, 8);
        // the console binds the stream to its exchange: one of the run's own, so nothing else is routed into it
        String exchange = LocalBroker.uniqueExchange("replay");
        Path work = Files.createDirectories(Path.of("benchmarks", "target", "replay"));

        try (Connection connection = LocalBroker.connect(uri, "logcast-bench replay")) {
            Channel admin = connection.createChannel();
            admin.exchangeDeclare(exchange, "fanout", false, false, false, null);
            // the arguments the console would declare: it uses the stream without a word
            admin.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "stream", "x-max-age", "7D",
                    "x-max-length-bytes", 10L * 1024 * 1024 * 1024));
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
                System.out.println("rounds: raw (prefetch " + best + "), then the console with each of " + variants
                        + " (no options: its defaults), stdout to /dev/null");
                List<List<Double>> ratios = new ArrayList<>();
                List<List<Double>> replayRatios = new ArrayList<>();
                variants.forEach(variant -> {
                    ratios.add(new ArrayList<>());
                    replayRatios.add(new ArrayList<>());
                });
                for (int round = 1; round <= rounds; round++) {
                    double raw = events / rawRead(connection, stream, best, events);
                    StringBuilder line = new StringBuilder(String.format("  round %d: raw %,.0f events/s", round, raw));
                    for (int v = 0; v < variants.size(); v++) {
                        Replay console = console(jar, uri, exchange, stream, variants.get(v), null, work, null);
                        double rate = events / console.seconds;
                        double replay = events / console.replaySeconds;
                        ratios.get(v).add(rate / raw);
                        replayRatios.get(v).add(replay / raw);
                        line.append(String.format("; console %s %,.0f events/s over %.1f s from its start (%.2f of raw), %,.0f events/s "
                                + "over %.1f s from consuming (%.2f)", variants.get(v), rate, console.seconds, rate / raw, replay,
                                console.replaySeconds, replay / raw));
                    }
                    System.out.println(line);
                }
                Replay toFile = console(jar, uri, exchange, stream, variants.get(0), work.resolve("console.out"), work, null);
                long lines;
                try (var content = Files.lines(work.resolve("console.out"), StandardCharsets.UTF_8)) {
                    lines = content.count();
                }
                System.out.printf("  console to a file: %,.0f events/s, %d lines (expected %d)%n", events / toFile.seconds, lines, events);
                Files.deleteIfExists(work.resolve("console.out"));
                if (jfr != null) {
                    Replay profiled = console(jar, uri, exchange, stream, variants.get(0), null, work, jfr);
                    System.out.printf("  console with a JFR profile (%s): %,.0f events/s%n", jfr, events / profiled.seconds);
                }
                for (int v = 0; v < variants.size(); v++) {
                    System.out.println("console " + variants.get(v) + " / raw: " + summary(ratios.get(v)) + " from its start, "
                            + summary(replayRatios.get(v)) + " from consuming, over " + rounds + " rounds (goal >= 0.8)");
                }
            } finally {
                admin.queueDelete(stream);
                admin.exchangeDelete(exchange);
            }
        }
    }

    /** Publishes {@code events} messages as the appender does, with confirms ({@value #CONFIRM_WINDOW} at a time). */
    private static void fill(Connection connection, String stream, byte[] body, int events) throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        String producer = UUID.randomUUID().toString();
        for (long seq = 1; seq <= events; seq++) {
            channel.basicPublish("", stream, RawCeiling.properties(producer, seq), body);
            if (seq % CONFIRM_WINDOW == 0) {
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

    /** @param seconds from the start of the JVM to its exit; @param replaySeconds from its "consuming" line to its exit */
    private record Replay(double seconds, double replaySeconds) {
    }

    /** Runs the console until it exits by itself; stdout to {@code output}, or /dev/null; a JFR profile to {@code jfr} unless null. */
    private static Replay console(Path jar, String uri, String exchange, String stream, List<String> consoleOptions, Path output, Path work,
                                  Path jfr)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (jfr != null) {
            line.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        line.addAll(List.of("-jar", jar.toString(), "console", "--uri", uri, "--exchange", exchange, "--stream", stream, "--from", "first", "--no-follow", "--color", "never"));
        line.addAll(consoleOptions);
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("LOGCAST_AMQP_URI");
        long started = System.nanoTime();
        Process process = builder.start();
        // stderr read as it comes: the "consuming" line marks the end of the start-up (JVM, connection, declarations, the stream's end)
        StringBuilder said = new StringBuilder();
        long[] consuming = {0};
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    if (consuming[0] == 0 && text.contains("consuming from exchange")) {
                        consuming[0] = System.nanoTime();
                    }
                    synchronized (said) {
                        said.append(text).append('\n');
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
        }, "console-stderr");
        reader.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the console did not finish within 10 minutes");
        }
        long ended = System.nanoTime();
        reader.join(10_000);
        Files.writeString(work.resolve("console.err"), said, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the console exited " + process.exitValue() + ": " + said);
        }
        return new Replay((ended - started) / 1e9, (ended - consuming[0]) / 1e9);
    }

    private static String summary(List<Double> ratios) {
        List<Double> sorted = ratios.stream().sorted().collect(Collectors.toList());
        return String.format("median %.2f (%.2f..%.2f)", sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
