package io.logcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU went during a timed window: each process's user + system time from
 * {@code /proc/PID/stat}, as cores in use (1.0 = one core busy for the whole window). On a 2-core
 * machine this says which process is the bottleneck of an end-to-end run.
 */
final class CpuUse {

    /** Linux's USER_HZ: /proc/PID/stat counts in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private long startNanos;

    CpuUse watch(String name, long pid) {
        if (pid > 0) {
            pids.put(name, pid);
        }
        return this;
    }

    /** The RabbitMQ node on this machine (beam.smp), or -1. */
    static long brokerPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    void start() {
        startNanos = System.nanoTime();
        pids.forEach((name, pid) -> startTicks.put(name, ticks(pid)));
    }

    /** "broker 0.95, disk 0.40, ..." cores since {@link #start()}. */
    String coresSinceStart() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder line = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            double cores = (ticks(e.getValue()) - startTicks.get(e.getKey())) / TICKS_PER_SECOND / seconds;
            total += cores;
            line.append(line.length() == 0 ? "" : ", ").append(String.format("%s %.2f", e.getKey(), cores));
        }
        return line.append(String.format(" (sum %.2f of 2 cores)", total)).toString();
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat), in ticks; 0 when the process is gone. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
