package io.logcast.collector.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.logcast.appender.TrustStores;
import io.logcast.collector.account.DeliveryAccounting;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.amqp.BrokerUri;
import io.logcast.collector.amqp.QueueConsumer;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.sink.SinkContext;
import io.logcast.collector.sink.SinkException;
import io.logcast.collector.sink.WrittenFile;

/**
 * Runs one daemon: sink, decoder and consumer, wired together, until a signal or a fatal error.
 * SIGTERM and SIGINT run the shutdown hook, which stops consuming, waits until everything handed to
 * the sink is flushed and acknowledged, and exits 0.
 */
final class Daemon {

    private static final PrintStream DIAGNOSTICS = System.err;

    private final String name;
    private final CommonOptions options;
    private final Topology.QueueCap queueCap;
    private final Supplier<SinkContext> sinkFactory;
    private final QueueConsumer.RecoveryListener recoveryListener;
    private final boolean colour;
    private final CountDownLatch finished = new CountDownLatch(1);
    private DeliveryAccounting.Observer accountingObserver = new DeliveryAccounting.Observer() { };
    private volatile int exitCode = Collector.EXIT_INTERNAL_ERROR;

    Daemon(String name, CommonOptions options, Topology.QueueCap queueCap, Supplier<SinkContext> sinkFactory,
           QueueConsumer.RecoveryListener recoveryListener, boolean colour) {
        this.name = name;
        this.options = options;
        this.queueCap = queueCap;
        this.sinkFactory = sinkFactory;
        this.recoveryListener = recoveryListener;
        this.colour = colour;
    }

    /** Tells {@code observer} what the delivery accounting finds (a live view shows gaps and counts). */
    Daemon observing(DeliveryAccounting.Observer observer) {
        this.accountingObserver = observer;
        return this;
    }

    int run() {
        try {
            exitCode = runUntilStopped();
        } finally {
            finished.countDown();
        }
        return exitCode;
    }

    private int runUntilStopped() {
        BrokerUri uri = new BrokerUri(options.uri());
        if (options.prefetch < 1 || options.prefetch > 65535) {
            return fail(Collector.EXIT_REFUSED, "--prefetch must be between 1 and 65535, not " + options.prefetch);
        }
        if (options.maxReconnectDelaySeconds < 1) {
            return fail(Collector.EXIT_REFUSED, "--max-reconnect-delay must be at least 1 second");
        }
        SinkContext sink;
        try {
            sink = options.config != null
                    ? SinkContext.fromConfiguration(options.config, "logcast-" + name, colour)
                    : sinkFactory.get();
        } catch (SinkException | IllegalArgumentException e) {
            return fail(Collector.EXIT_REFUSED, "cannot start the " + name + " sink: " + e.getMessage());
        }
        SSLContext tls;
        try {
            tls = TrustStores.context(options.trustStore, options.trustStorePassword);
        } catch (GeneralSecurityException | IOException e) {
            sink.close();
            return fail(Collector.EXIT_REFUSED, "cannot use --trust-store " + options.trustStore + ": " + e.getMessage());
        }
        DeliveryAccounting accounting = new DeliveryAccounting(DIAGNOSTICS, accountingObserver);
        Optional<DeliveryJournal> journal;
        try {
            journal = openJournal(sink, accounting);
        } catch (IOException e) {
            sink.close();
            return fail(Collector.EXIT_REFUSED, "cannot use the journal " + e.getMessage());
        }
        Topology topology = new Topology(options.exchange, options.exchangeDurable, options.routingKey,
                options.durableQueue, queueCap);
        QueueConsumer consumer = new QueueConsumer(uri,
                "logcast-collector " + name + " (pid " + ProcessHandle.current().pid() + ")",
                topology, options.prefetch, TimeUnit.SECONDS.toMillis(options.maxReconnectDelaySeconds),
                new MessageWriter(accounting, sink, journal),
                recoveryListener, DIAGNOSTICS, tls);
        Thread hook = new Thread(() -> {
            consumer.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DIAGNOSTICS.flush();
            System.out.flush();
            // A signal is a normal way to stop a daemon: exit 0 rather than the JVM's 128+signal.
            Runtime.getRuntime().halt(exitCode);
        }, "logcast-collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean summarise = false;
        try {
            QueueConsumer.Outcome outcome = consumer.run();
            if (outcome == QueueConsumer.Outcome.STOPPED) {
                summarise = true;
                return Collector.EXIT_STOPPED;
            }
            return Collector.EXIT_REFUSED;
        } catch (SinkException e) {
            summarise = true;
            return fail(Collector.EXIT_WRITE_FAILED, "cannot write events (" + e.getMessage()
                    + "); stopped, unwritten messages left unacknowledged on the broker");
        } catch (IllegalArgumentException e) {
            return fail(Collector.EXIT_REFUSED, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            summarise = true;
            return Collector.EXIT_STOPPED;
        } finally {
            sink.close();
            journal.ifPresent(Daemon::closeQuietly);
            if (summarise) {
                // after the sink is closed: the counts are final
                DIAGNOSTICS.println("logcast-collector: " + accounting.summary());
                DIAGNOSTICS.flush();
            }
        }
    }

    /** The disk writer's journal, replayed; none for a sink without one file (the console, a --config). */
    private static Optional<DeliveryJournal> openJournal(SinkContext sink, DeliveryAccounting accounting) throws IOException {
        Optional<WrittenFile> file = sink.writtenFile();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        DeliveryJournal journal = DeliveryJournal.open(file.get().path(), accounting);
        if (journal.remembered() > 0) {
            DIAGNOSTICS.println("logcast-collector: " + journal.remembered()
                    + (journal.remembered() == 1 ? " message" : " messages") + " remembered from " + journal.path()
                    + (journal.unrecordedBytes() > 0 ? "; " + journal.unrecordedBytes()
                    + " bytes at the end of the file were written after the last record: redelivered events are compared with them" : ""));
            DIAGNOSTICS.flush();
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

    private static int fail(int code, String line) {
        DIAGNOSTICS.println("logcast-collector: " + BrokerUri.mask(line));
        DIAGNOSTICS.flush();
        return code;
    }
}
