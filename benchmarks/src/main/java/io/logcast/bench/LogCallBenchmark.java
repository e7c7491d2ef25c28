package io.logcast.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import ch.qos.logback.classic.Logger;

/**
 * The application's cost of one log call, in ns, through each {@link LogTarget}, on
 * one and on two application threads. Each target runs in a forked JVM of its own; after every
 * iteration the target prints what it did with the calls (for L: confirmed versus dropped), since a
 * log call that is cheap because its event was dropped must be told apart from one that was shipped.
 *
 * <p>{@code java -jar benchmarks/target/logcast-benchmarks.jar LogCallBenchmark -prof gc -rf csv -rff jmh-logcall.csv}
 * runs every target on one and on two threads (the {@code oneThread} and {@code twoThreads} methods);
 * {@code -p target=L,B1} selects targets; {@link JmhRatios} turns the CSV into the ratios of docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Short iterations: S queues without bound (its backlog is reported) and must not fill the heap.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class LogCallBenchmark {

    @Param({"B0", "B1", "B1p", "B2", "S", "L", "L_down"})
    public String target;

    private LogTarget.Running running;
    private Logger logger;

    /** Each application thread numbers its own events. */
    @State(Scope.Thread)
    public static class Caller {
        long n;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        running = LogTarget.valueOf(target).start(LocalBroker.uri());
        logger = running.logger;
        running.sinceLastReport();
    }

    @TearDown(Level.Iteration)
    public void report() {
        System.out.println("  [" + target + "] " + running.sinceLastReport());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        running.close();
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Caller caller) {
        TypicalEvent.log(logger, ++caller.n);
    }

    @Benchmark
    @Threads(2)
    public void twoThreads(Caller caller) {
        TypicalEvent.log(logger, ++caller.n);
    }
}
