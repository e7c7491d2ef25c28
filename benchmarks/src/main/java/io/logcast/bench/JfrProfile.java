package io.logcast.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording (of {@link PhaseProfile}) and prints, for each thread with samples, its share
 * of the samples and its hottest methods: inclusive (the method or what it calls, counted once per
 * sample) and self (the top frame). Java samples ({@code jdk.ExecutionSample}) are CPU in Java code;
 * native samples ({@code jdk.NativeMethodSample}) are threads in native code, which includes system
 * calls that do work (a file write) and waits (a socket read with nothing to read).
 *
 * <pre>
 * java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.JfrProfile FILE.jfr [--thread NAME] [--top 20] [--native]
 * </pre>
 */
public final class JfrProfile {

    private JfrProfile() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        String threadFilter = null;
        int top = 20;
        boolean nativeSamples = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--thread" -> threadFilter = args[++i];
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--native" -> nativeSamples = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String eventType = nativeSamples ? "jdk.NativeMethodSample" : "jdk.ExecutionSample";
        Map<String, ThreadSamples> threads = new HashMap<>();
        int all = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals(eventType) || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            all++;
            threads.computeIfAbsent(thread, ThreadSamples::new).add(event.getStackTrace());
        }
        System.out.printf("%s: %,d %s samples%n", file.getFileName(), all, nativeSamples ? "native" : "Java");
        List<ThreadSamples> sorted = new ArrayList<>(threads.values());
        sorted.sort((a, b) -> Integer.compare(b.samples, a.samples));
        for (ThreadSamples thread : sorted) {
            boolean chosen = threadFilter == null ? thread.samples * 50 >= all : thread.name.contains(threadFilter);
            System.out.printf("  %-50s %6d samples %5.1f%%%n", thread.name, thread.samples, 100.0 * thread.samples / all);
            if (chosen) {
                thread.print(top);
            }
        }
    }

    private static final class ThreadSamples {
        final String name;
        int samples;
        final Map<String, Integer> inclusive = new HashMap<>();
        final Map<String, Integer> self = new HashMap<>();

        ThreadSamples(String name) {
            this.name = name;
        }

        void add(RecordedStackTrace stack) {
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                return;
            }
            self.merge(method(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = method(frame);
                if (seen.add(method)) {
                    inclusive.merge(method, 1, Integer::sum);
                }
            }
        }

        void print(int top) {
            System.out.println("    inclusive:");
            printTop(inclusive, top);
            System.out.println("    self:");
            printTop(self, top);
        }

        private void printTop(Map<String, Integer> counts, int top) {
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(top)
                    .forEach(e -> System.out.printf("      %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        }

        private static String method(RecordedFrame frame) {
            return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        }
    }
}
