package io.logcast.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Map;

import javax.management.ObjectName;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

import io.logcast.appender.RabbitMQAppender;

/**
 * Issue 7, part 4: the appender's heap per buffered event. The broker is unreachable (a closed
 * local port), so every logged event stays in the buffer; the buffer is filled exactly (8192 typical
 * events by default) and the live heap is compared before and after, each time after full
 * collections: {@code live(after) - live(before)} is everything the buffered events keep reachable
 * (the events, their formatted messages, argument arrays, queue nodes). The class histogram of the
 * live heap (the JVM's own {@code GC.class_histogram}, no agent) says which objects they are.
 *
 * <pre>java -XX:+UseSerialGC -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.BufferMemory [8192]</pre>
 *
 * <p>The serial collector compacts the whole heap in a full collection, so "used after GC" is the
 * live set to the byte, without G1's partly filled regions.
 */
public final class BufferMemory {

    private BufferMemory() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
        System.out.println("GC: " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()
                + ", JSON body of one event: " + TypicalEvent.jsonBody().length + " bytes");
        // The same work once before measuring: classes loaded, code compiled, the JMX and
        // diagnostic-command machinery initialised (otherwise its first use lands in a snapshot).
        fill(size, size).stop();
        histogram();
        liveHeap();

        LoggerContext context = fill(size, 0);
        Thread.sleep(500); // the first connection attempt has failed and said so
        long before = liveHeap();
        Map<String, long[]> histogramBefore = histogram();
        RabbitMQAppender appender = (RabbitMQAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("logcast");
        Logger logger = ShopApplication.logger(context);
        for (long n = 1; n <= size; n++) {
            TypicalEvent.log(logger, n);
        }
        long after = liveHeap();
        Map<String, long[]> histogramAfter = histogram();
        if (appender.getBufferDepth() != size || appender.getDroppedCount() != 0) {
            throw new IllegalStateException("buffer holds " + appender.getBufferDepth() + " events, dropped " + appender.getDroppedCount());
        }
        System.out.printf("buffered events: %d; live heap before %,d B, after %,d B; delta %,d B = %.0f B per buffered event%n",
                size, before, after, after - before, (after - before) / (double) size);
        long histogramDelta = 0;
        for (Map.Entry<String, long[]> e : histogramAfter.entrySet()) {
            histogramDelta += e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1];
        }
        for (Map.Entry<String, long[]> e : histogramBefore.entrySet()) {
            if (!histogramAfter.containsKey(e.getKey())) {
                histogramDelta -= e.getValue()[1];
            }
        }
        System.out.printf("class histogram of the live heap: delta %,d B = %.0f B per buffered event%n", histogramDelta,
                histogramDelta / (double) size);
        System.out.println("largest growth by class (instances, bytes, per event):");
        histogramAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - histogramBefore.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> e.getValue()[1] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(10)
                .forEach(e -> System.out.printf("  %-60s %,9d %,12d %8.1f%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[1] / (double) size));
        Reference.reachabilityFence(appender);
        context.stop();
        System.exit(0);
    }

    /** A context whose appender cannot connect, buffer of {@code bufferSize}, with {@code events} typical events logged into it. */
    private static LoggerContext fill(int bufferSize, int events) throws Exception {
        LoggerContext context = ShopApplication.newContext();
        RabbitMQAppender appender = ShopApplication.logcastAppender(context,
                "amqp://guest:guest@127.0.0.1:" + LocalBroker.closedPort() + "/%2F", "logcast-bench-memory");
        appender.setBufferSize(bufferSize);
        ShopApplication.attach(context, appender);
        Logger logger = ShopApplication.logger(context);
        for (long n = 1; n <= events; n++) {
            TypicalEvent.log(logger, n);
        }
        return context;
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Class name to {instances, bytes} of the live heap, from the JVM's GC.class_histogram. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                classes.put(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
            }
        }
        return classes;
    }
}
