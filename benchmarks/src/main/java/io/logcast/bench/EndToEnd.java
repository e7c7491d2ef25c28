package io.logcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;

import io.logcast.appender.RabbitMQAppender;

/**
 * End-to-end throughput, R (raw amqp-client ceiling, {@link RawCeiling}) against E
 * (an application logging through logcast's appender, with the disk and console collectors running
 * as processes), alternated in one run; E-batch too (the same with {@code maxBatchEvents}; {@code --batch-events 1}
 * leaves it out).
 *
 * <pre>
 * java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.EndToEnd [--events 100000] [--rounds 5]
 *      [--collector-jar collector/target/logcast-collector.jar] [--collector-java-options "-Xmx64m"] [--uri amqp://...]
 *      [--batch-events 100] [--raw PREFETCH/ACK_EVERY/UNCONFIRMED] [--prefetch N (the collectors')] [--keep] [--profile DIR]
 * </pre>
 *
 * <p>{@code --profile DIR}: the last round's phases are recorded with JFR in every JVM (the harness,
 * each collector) into {@code DIR/<phase>-<jvm>.jfr}, and each thread's CPU per event is printed
 * ({@link PhaseProfile}); read the recordings with {@link JfrProfile}. Profiling costs CPU: the
 * figures of a profiled round are not comparable with those of an unprofiled one.
 *
 * <p>E is timed from the first log call until the last event is a line in the disk collector's file.
 * The application waits for room when the buffer is full ({@code appendTimeout} 60 s) so that every
 * event is delivered; its drop counter is checked to be 0. The collectors run for the whole run, as
 * daemons do; between rounds the harness waits until both are idle so that no round inherits a
 * backlog. The disk collector's file is never rolled during a run ({@code --max-file-size 100GB}):
 * the harness counts the lines of the one active file. Round 0 warms up the JIT of every JVM and is not counted.
 */
public final class EndToEnd {

    private final String uri;
    private final int events;
    private final int rounds;
    private final Path collectorJar;
    private final int batchEvents;
    private final boolean keep;
    private final List<String> collectorJavaOptions;
    private final Path profileDirectory;
    private final RawCeiling.Settings raw;
    private final List<String> collectorOptions;

    private EndToEnd(Map<String, String> options) {
        this.uri = options.getOrDefault("uri", LocalBroker.uri());
        this.events = Integer.parseInt(options.getOrDefault("events", "100000"));
        this.rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        this.collectorJar = Path.of(options.getOrDefault("collector-jar", "collector/target/logcast-collector.jar"));
        this.batchEvents = Integer.parseInt(options.getOrDefault("batch-events", "100"));
        this.keep = options.containsKey("keep");
        String javaOptions = options.getOrDefault("collector-java-options", "").trim();
        this.collectorJavaOptions = javaOptions.isEmpty() ? List.of() : List.of(javaOptions.split("\\s+"));
        this.profileDirectory = options.containsKey("profile") ? Path.of(options.get("profile")) : null;
        this.raw = options.containsKey("raw") ? RawCeiling.Settings.parse(options.get("raw")) : RawCeiling.BEST;
        this.collectorOptions = options.containsKey("prefetch") ? List.of("--prefetch", options.get("prefetch")) : List.of();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "" : args[++i]);
        }
        new EndToEnd(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(collectorJar)) {
            throw new IllegalStateException(collectorJar + " not found: build the collector first (mvn -B -q -DskipTests package)");
        }
        byte[] body = TypicalEvent.jsonBody();
        System.out.println("body: " + TypicalEvent.describeBody());
        System.out.println("events per round: " + events + ", rounds: " + rounds + " (+ round 0, warm-up, not counted)");
        System.out.println("E-batch: maxBatchEvents=" + batchEvents + " (lingerTime and maxBatchBytes at their defaults)");
        System.out.println("R: " + raw);
        System.out.println("collectors' JVM options: " + (collectorJavaOptions.isEmpty() ? "defaults" : collectorJavaOptions)
                + (collectorOptions.isEmpty() ? "" : "; options " + collectorOptions));
        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());

        Path work = Files.createTempDirectory("logcast-e2e-");
        String exchange = LocalBroker.uniqueExchange("e2e");
        Path diskFile = work.resolve("app.log");
        List<Double> r = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        List<Double> eBatch = new ArrayList<>();
        List<String> diskOptions = new ArrayList<>(List.of("--file", diskFile.toString(), "--max-file-size", "100GB"));
        diskOptions.addAll(collectorOptions);
        List<String> consoleOptions = new ArrayList<>(List.of("--color", "never"));
        consoleOptions.addAll(collectorOptions);
        try (CollectorProcess disk = CollectorProcess.start(collectorJar, collectorJavaOptions, work, "disk", uri, exchange, diskOptions);
             CollectorProcess console = CollectorProcess.start(collectorJar, collectorJavaOptions, work, "console", uri, exchange, consoleOptions);
             FileLines lines = new FileLines(diskFile)) {
            System.out.println("collectors: disk pid " + disk.pid() + ", console pid " + console.pid() + ", exchange " + exchange);
            Runnable sample = () -> {
                disk.sampleRssKb();
                console.sampleRssKb();
            };
            CpuUse cpu = new CpuUse().watch("broker", CpuUse.brokerPid()).watch("this JVM (publisher/app)", ProcessHandle.current().pid())
                    .watch("disk", disk.pid()).watch("console", console.pid());
            for (int round = 0; round <= rounds; round++) {
                int reconnections = disk.reconnections() + console.reconnections();
                double[] result;
                try {
                    result = round(round, body, work, exchange, lines, cpu, sample, disk, console);
                } catch (Exception | AssertionError failed) {
                    int lost = disk.reconnections() + console.reconnections() - reconnections;
                    System.out.println("round " + round + ": not counted, it failed: " + failed
                            + (lost > 0 ? " (a collector lost its connection " + lost + " time(s) during the round: the shared broker "
                                    + "was restarted or closed connections)" : ""));
                    awaitIdle(disk, console);
                    continue;
                }
                if (disk.reconnections() + console.reconnections() != reconnections) {
                    System.out.println("round " + round + ": not counted: a collector lost its connection during the round "
                            + "(the shared broker was restarted or closed connections); see its stderr");
                    continue;
                }
                if (round > 0) {
                    r.add(result[0]);
                    e.add(result[1]);
                    if (!Double.isNaN(result[2])) {
                        eBatch.add(result[2]);
                    }
                }
            }
            System.out.println();
            System.out.printf("median R       %,10.0f events/s%n", median(r));
            System.out.printf("median E       %,10.0f events/s   E/R = %.2f (goal >= 0.8)%n", median(e), median(e) / median(r));
            if (!eBatch.isEmpty()) {
                System.out.printf("median E-batch %,10.0f events/s   E-batch/R = %.2f (goal >= 3)%n", median(eBatch), median(eBatch) / median(r));
            }
            System.out.printf("collector disk:    VmHWM %,d kB, largest VmRSS sampled during E %,d kB%n", disk.highWaterMarkKb(),
                    disk.peakSampledRssKb());
            System.out.printf("collector console: VmHWM %,d kB, largest VmRSS sampled during E %,d kB%n", console.highWaterMarkKb(),
                    console.peakSampledRssKb());
            System.out.println("collector disk's JVM:    " + disk.heapInfo());
            System.out.println("collector console's JVM: " + console.heapInfo());
        } finally {
            try {
                LocalBroker.deleteExchange(uri, exchange);
            } catch (IOException | java.util.concurrent.TimeoutException cleanupFailed) {
                System.out.println("could not delete exchange " + exchange + " (" + cleanupFailed + "); it is not durable and goes with a broker restart");
            }
            if (!keep) {
                deleteTree(work);
            } else {
                System.out.println("kept " + work);
            }
        }
    }

    /** One round of R, E and (when the appender batches) E-batch; returns their events/s. */
    private double[] round(int round, byte[] body, Path work, String exchange, FileLines lines, CpuUse cpu, Runnable sample,
            CollectorProcess disk, CollectorProcess console) throws Exception {
        PhaseProfile profile = profileDirectory == null || round != rounds ? null
                : new PhaseProfile(profileDirectory).watch("disk", disk.pid()).watch("console", console.pid());
        if (profile != null) {
            profile.start("R");
        }
        cpu.start();
        double rs = events / RawCeiling.run(uri, body, events, work.resolve("raw-" + round + ".log"), raw);
        String rCpu = cpu.coresSinceStart();
        if (profile != null) {
            profile.stop(events); // R's consumer threads have ended: its JFR samples are what there is
        }
        awaitIdle(disk, console);
        cpu.start();
        double es = events / logcastRound(exchange, lines, false, sample, profile);
        String eCpu = cpu.coresSinceStart();
        awaitIdle(disk, console);
        String line = String.format("round %d%s: R %,.0f events/s, E %,.0f events/s (E/R %.2f)", round,
                round == 0 ? " (warm-up)" : "", rs, es, es / rs);
        double ebs = Double.NaN;
        String ebCpu = null;
        if (batchEvents > 1) {
            cpu.start();
            ebs = events / logcastRound(exchange, lines, true, sample, profile);
            ebCpu = cpu.coresSinceStart();
            awaitIdle(disk, console);
            line += String.format(", E-batch %,.0f events/s (E-batch/R %.2f)", ebs, ebs / rs);
        }
        System.out.println(line + String.format("; collectors' RSS now: disk %,d kB, console %,d kB; load %s", disk.sampleRssKb(),
                console.sampleRssKb(), Files.readString(Path.of("/proc/loadavg")).strip()));
        System.out.println("  CPU in cores during R: " + rCpu);
        System.out.println("  CPU in cores during E: " + eCpu);
        if (ebCpu != null) {
            System.out.println("  CPU in cores during E-batch: " + ebCpu);
        }
        return new double[] {rs, es, ebs};
    }

    /** One E round; returns the seconds from the first log call until the last event is in the file. */
    private double logcastRound(String exchange, FileLines lines, boolean batching, Runnable whileWaiting, PhaseProfile profile)
            throws Exception {
        LoggerContext context = ShopApplication.newContext();
        RabbitMQAppender appender = ShopApplication.logcastAppender(context, uri, exchange);
        appender.setAppendTimeout(Duration.buildBySeconds(60)); // wait for room: every event is delivered
        appender.setShutdownGracePeriod(Duration.buildBySeconds(60));
        if (batching) {
            appender.setMaxBatchEvents(batchEvents);
        }
        ShopApplication.attach(context, appender);
        Logger logger = ShopApplication.logger(context);
        try {
            long before = lines.count();
            logger.info("logcast-bench: round starts"); // connects; not timed
            lines.awaitAtLeast(before + 1, 60, whileWaiting);
            if (profile != null) {
                profile.start(batching ? "E-batch" : "E");
            }
            long started = System.nanoTime();
            BufferWatch watch = BufferWatch.start(appender);
            for (long n = 1; n <= events; n++) {
                TypicalEvent.log(logger, n);
            }
            long logged = System.nanoTime();
            long confirmed = lines.awaitAtLeast(before + 1 + events, 120, whileWaiting,
                    () -> appender.getConfirmedCount() >= events + 1);
            long inFile = System.nanoTime();
            watch.stop();
            if (profile != null) {
                profile.stop(events); // before the context stops: the publisher's thread is still there to be read
            }
            double seconds = (inFile - started) / 1e9;
            System.out.printf("  E%s: the application's log calls returned after %.2f s, all events confirmed after %.2f s, all in the file "
                    + "after %.2f s; %s%n", batching ? "-batch" : "", (logged - started) / 1e9, (confirmed - started) / 1e9, seconds,
                    watch.summary());
            if (appender.getDroppedCount() != 0 || lines.count() != before + 1 + events) {
                throw new IllegalStateException("E" + (batching ? "-batch" : "") + ": dropped " + appender.getDroppedCount()
                        + ", lines in file " + (lines.count() - before) + " of " + (events + 1));
            }
            return seconds;
        } finally {
            context.stop();
        }
    }

    /** Waits (at most 60 s) until neither collector uses CPU: no round inherits the console's backlog. */
    private static void awaitIdle(CollectorProcess... collectors) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long[] last = new long[collectors.length];
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            boolean busy = false;
            for (int i = 0; i < collectors.length; i++) {
                long ticks = CpuUse.ticks(collectors[i].pid());
                busy |= ticks - last[i] > 2; // more than 20 ms of CPU in 250 ms
                last[i] = ticks;
            }
            quiet = busy ? 0 : quiet + 1;
            Thread.sleep(250);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
