package io.logcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Where each JVM of an end-to-end run spends its CPU during one phase (R, E, E-batch): a JFR
 * recording of the phase ({@code profile} settings: a Java stack sample every 10 ms of every
 * thread running Java code, every 20 ms of every thread in native code) for the harness itself
 * (in process) and for each collector (through {@code jcmd}), and each thread's CPU time from
 * {@code /proc/PID/task/TID/stat}. Read the recordings with {@link JfrProfile}.
 */
final class PhaseProfile {

    private final Path directory;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> startTicks = new LinkedHashMap<>();
    private String phase;
    private Recording harness;
    private long startNanos;

    PhaseProfile(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** A collector to record, by name ({@code disk}, {@code console}). */
    PhaseProfile watch(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    void start(String phase) throws IOException, InterruptedException, ParseException {
        this.phase = phase;
        for (Map.Entry<String, Long> collector : pids.entrySet()) {
            jcmd(collector.getValue(), "JFR.start", "name=" + phase, "settings=profile");
        }
        harness = new Recording(Configuration.getConfiguration("profile"));
        harness.setName(phase);
        harness.start();
        startTicks.clear();
        startTicks.put("harness", threadTicks(ProcessHandle.current().pid()));
        pids.forEach((name, pid) -> startTicks.put(name, threadTicks(pid)));
        startNanos = System.nanoTime();
    }

    /** Stops the phase's recordings into {@code <directory>/<phase>-<jvm>.jfr}; prints each thread's CPU per event. */
    void stop(long events) throws IOException, InterruptedException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Map<String, Long>> endTicks = new LinkedHashMap<>();
        endTicks.put("harness", threadTicks(ProcessHandle.current().pid()));
        pids.forEach((name, pid) -> endTicks.put(name, threadTicks(pid)));
        harness.stop();
        harness.dump(directory.resolve(phase + "-harness.jfr"));
        harness.close();
        for (Map.Entry<String, Long> collector : pids.entrySet()) {
            jcmd(collector.getValue(), "JFR.stop", "name=" + phase,
                    "filename=" + directory.resolve(phase + "-" + collector.getKey() + ".jfr").toAbsolutePath());
        }
        System.out.printf("  %s: CPU per event by thread (us; /proc/PID/task/TID/stat over %.2f s, %,d events):%n", phase, seconds, events);
        for (Map.Entry<String, Map<String, Long>> jvm : endTicks.entrySet()) {
            Map<String, Long> before = startTicks.get(jvm.getKey());
            StringBuilder line = new StringBuilder();
            long total = 0;
            List<Map.Entry<String, Long>> used = new ArrayList<>();
            for (Map.Entry<String, Long> thread : jvm.getValue().entrySet()) {
                long ticks = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
                if (ticks > 0) {
                    used.add(Map.entry(thread.getKey(), ticks));
                    total += ticks;
                }
            }
            used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            for (Map.Entry<String, Long> thread : used) {
                line.append(String.format("; %s %.1f", thread.getKey(), perEvent(thread.getValue(), events)));
            }
            System.out.printf("    %s: %.1f in all%s%n", jvm.getKey(), perEvent(total, events), line);
        }
    }

    /** Microseconds of CPU per event. */
    private static double perEvent(long ticks, long events) {
        return ticks * 10_000.0 / events;
    }

    /** utime + stime of each thread by name ({@code comm}, at most 15 characters; threads of one name summed). */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException gone) {
            return ticks;
        }
        return ticks;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
