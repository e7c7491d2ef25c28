package io.logcast.collector.daemon;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.account.DeliveryAccounting;
import io.logcast.collector.account.DeliveryCounts;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.amqp.ConsumerSettings;
import io.logcast.collector.amqp.QueueConsumer;
import io.logcast.collector.pipeline.MessagePipeline;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkException;
import io.logcast.collector.sink.WrittenFile;

/**
 * One daemon, wired and run: its sink, the accounting, the journal when the sink writes one file, the
 * {@link MessagePipeline} and the {@link QueueConsumer}, until a signal or a fatal error. SIGTERM and
 * SIGINT run a shutdown hook that stops consuming, waits until everything handed to the sink is flushed
 * and acknowledged, and exits 0. Every daemon (disk, console, or any other sink) runs this way.
 */
public final class Daemon {

    private final String name;
    private final ConsumerSettings settings;
    private final Supplier<? extends EventSink> sinkFactory;
    private final DaemonListener listener;
    private final Diagnostics diagnostics;
    private final DeliveryAccounting accounting;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = ExitCode.INTERNAL_ERROR;

    /**
     * @param name        {@code disk}, {@code console}: in messages and in the connection's name
     * @param sinkFactory starts the sink; may throw {@link SinkException} (the daemon then exits 2)
     */
    public Daemon(String name, ConsumerSettings settings, Supplier<? extends EventSink> sinkFactory,
                  DaemonListener listener, Diagnostics diagnostics) {
        this.name = name;
        this.settings = settings;
        this.sinkFactory = sinkFactory;
        this.listener = listener;
        this.diagnostics = diagnostics;
        this.accounting = new DeliveryAccounting(gap -> {
            diagnostics.say("WARN " + gap.describe());
            listener.gap(gap);
        });
    }

    /** What was counted so far; callable from any thread. */
    public DeliveryCounts counts() {
        return accounting.counts();
    }

    /** Runs until stopped; returns the {@link ExitCode}. */
    public int run() {
        try {
            exitCode = runUntilStopped();
        } finally {
            finished.countDown();
        }
        return exitCode;
    }

    private int runUntilStopped() {
        EventSink sink;
        try {
            sink = sinkFactory.get();
        } catch (SinkException | IllegalArgumentException e) {
            return fail(ExitCode.REFUSED, "cannot start the " + name + " sink: " + e.getMessage());
        }
        Optional<DeliveryJournal> journal;
        try {
            journal = openJournal(sink);
        } catch (IOException e) {
            sink.close();
            return fail(ExitCode.REFUSED, "cannot use the journal " + e.getMessage());
        }
        MessagePipeline pipeline = journal.map(open -> new MessagePipeline(accounting, sink, open))
                .orElseGet(() -> new MessagePipeline(accounting, sink));
        QueueConsumer consumer = new QueueConsumer(settings, "logcast-collector " + name + " (pid " + ProcessHandle.current().pid() + ")",
                pipeline, listener::reconnected, diagnostics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(consumer), "logcast-collector-shutdown"));
        boolean summarise = true;
        try {
            if (consumer.run() == QueueConsumer.Outcome.STOPPED) {
                return ExitCode.STOPPED;
            }
            summarise = false;
            return ExitCode.REFUSED;
        } catch (SinkException e) {
            return fail(ExitCode.WRITE_FAILED, "cannot write events (" + e.getMessage()
                    + "); stopped, unwritten messages left unacknowledged on the broker");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.STOPPED;
        } finally {
            sink.close();
            journal.ifPresent(Daemon::closeQuietly);
            if (summarise) {
                // after the sink is closed: the counts are final
                diagnostics.say(accounting.counts().summary());
            }
        }
    }

    /** The shutdown hook: a signal is a normal way to stop a daemon, so it exits 0 rather than the JVM's 128+signal. */
    private void stopAndExit(QueueConsumer consumer) {
        consumer.stop();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    /** The disk writer's journal, replayed; none for a sink without one file (the console, a --config). */
    private Optional<DeliveryJournal> openJournal(EventSink sink) throws IOException {
        Optional<WrittenFile> file = sink.writtenFile();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        DeliveryJournal journal = DeliveryJournal.open(file.get().path(), accounting);
        if (journal.remembered() > 0) {
            diagnostics.say(journal.remembered() + (journal.remembered() == 1 ? " message" : " messages") + " remembered from "
                    + journal.path() + (journal.unrecordedBytes() > 0 ? "; " + journal.unrecordedBytes()
                    + " bytes at the end of the file were written after the last record: redelivered events are compared with them" : ""));
        }
        return Optional.of(journal);
    }

    private static void closeQuietly(DeliveryJournal journal) {
        try {
            journal.close();
        } catch (IOException e) {
            // records not written cost no event: a next process compares their events as unrecorded bytes
        }
    }

    private int fail(int code, String line) {
        diagnostics.say(line);
        return code;
    }
}
