package io.logcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One collector daemon run as a user runs it ({@code java -jar logcast-collector.jar disk|console ...},
 * default JVM options unless the harness is given some), its stderr kept in a file; its resident memory read from {@code /proc}.
 */
final class CollectorProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path stderr;
    private long peakRssKb;

    private CollectorProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts the daemon and waits until it consumes (its "consuming from exchange" line). */
    static CollectorProcess start(Path jar, List<String> javaOptions, Path work, String command, String uri, String exchange,
            List<String> options) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(javaBinary()));
        line.addAll(javaOptions);
        line.addAll(List.of("-jar", jar.toString(), command, "--uri", uri, "--exchange", exchange));
        line.addAll(options);
        Path stderr = work.resolve(command + ".err");
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the console printer's stdout: /dev/null
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("LOGCAST_AMQP_URI");
        CollectorProcess collector = new CollectorProcess(command, builder.start(), stderr);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!collector.said("consuming from exchange '" + exchange + "'")) {
            if (!collector.process.isAlive() || System.nanoTime() > deadline) {
                String said = Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
                collector.close();
                throw new IllegalStateException("collector " + command + " did not start consuming: " + said.strip());
            }
            Thread.sleep(50);
        }
        return collector;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private boolean said(String text) throws IOException {
        return Files.exists(stderr) && Files.readString(stderr, StandardCharsets.UTF_8).contains(text);
    }

    /** How often the daemon said it reconnected (a broker restart or a closed connection loses events). */
    int reconnections() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8).split("reconnected to ", -1).length - 1;
    }

    long pid() {
        return process.pid();
    }

    /** Reads VmRSS now (kB), keeping the largest seen; -1 when /proc has no such process. */
    long sampleRssKb() {
        long rss = statusField("VmRSS:");
        peakRssKb = Math.max(peakRssKb, rss);
        return rss;
    }

    long peakSampledRssKb() {
        return peakRssKb;
    }

    /** The kernel's high-water mark of resident memory (kB). */
    long highWaterMarkKb() {
        return statusField("VmHWM:");
    }

    private long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    /** The JVM's own account of its heap ({@code jcmd PID GC.heap_info}: committed and used), to explain the RSS. */
    String heapInfo() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            StringBuilder summary = new StringBuilder();
            for (String line : out.split("\n")) {
                String trimmed = line.trim();
                if (trimmed.contains("heap") && trimmed.contains("total") || trimmed.startsWith("Metaspace")) {
                    summary.append(summary.length() == 0 ? "" : "; ").append(trimmed.replaceAll("\\s*\\[.*", ""));
                }
            }
            return summary.toString();
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** SIGTERM (the daemon flushes, acks and exits 0), then a kill after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            System.out.println("  collector " + name + " did not stop within 30 s of SIGTERM; killed");
        }
    }
}
