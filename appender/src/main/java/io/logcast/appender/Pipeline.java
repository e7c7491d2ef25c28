package io.logcast.appender;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;

import io.logcast.core.Backoff;
import io.logcast.core.ExchangeDeclaration;

/**
 * The appender at work, from {@code start()} to {@code stop()}: the buffer the application's
 * threads offer events to, and the publisher thread with its collaborators, wired for one
 * configuration.
 */
final class Pipeline {

    private final AppenderSettings settings;
    private final EventBuffer buffer;
    private final DropReporter drops;
    private final EventEncoder encoder;
    private final UnroutableEpisodes unroutable;
    private final BrokerConnector connector;
    private final PublisherThread publisher;
    private final Counters counters;
    private final StatusReporter status;

    private Pipeline(AppenderSettings settings, EventBuffer buffer, DropReporter drops, EventEncoder encoder, UnroutableEpisodes unroutable,
            BrokerConnector connector, PublisherThread publisher, Counters counters, StatusReporter status) {
        this.settings = settings;
        this.buffer = buffer;
        this.drops = drops;
        this.encoder = encoder;
        this.unroutable = unroutable;
        this.connector = connector;
        this.publisher = publisher;
        this.counters = counters;
        this.status = status;
    }

    /** The pipeline of a valid configuration, not started; its messages carry {@code contentType}, {@code app} and {@code producer}. */
    static Pipeline create(AppenderSettings settings, Encoder<ILoggingEvent> encoder, String contentType, String app, String producer,
            BrokerConnector connector, LoggerContext context, Counters counters, StatusReporter status, String appenderName) {
        EventBuffer buffer = new EventBuffer(settings.bufferSize);
        DropReporter drops = new DropReporter(counters, status, appenderName, settings.bufferSize);
        UnroutableEpisodes unroutable = new UnroutableEpisodes(settings.exchange, counters, status);
        EventEncoder events = new EventEncoder(encoder, CredentialMask.of(settings.uri, settings.password, settings.trustStorePassword),
                new Truncation(encoder, settings.maxMessageBytes), counters, status);
        BatchLimits batching = BatchLimits.NONE;
        if (settings.maxBatchEvents > 1 && ContentTypes.isJson(contentType)) {
            batching = settings.batchLimits();
        } else if (settings.maxBatchEvents > 1) {
            status.warn("maxBatchEvents " + settings.maxBatchEvents + " ignored: batching needs a JSON encoder (one event per line), and "
                    + encoder.getClass().getName() + " gives '" + contentType + "'; events are published one per message");
        }
        ConfirmWindow window = new ConfirmWindow(settings.confirms, counters, unroutable, buffer::wake);
        EventMessages messages = new EventMessages(contentType, app, producer, settings.deliveryMode,
                EventMessages.hostFromContext(context.getProperty(CoreConstants.HOSTNAME_KEY)));
        Outbox outbox = new Outbox(window, drops, new BatchAssembler(buffer, events, batching), events, messages, context);
        Destination destination = new Destination(new ExchangeDeclaration(settings.exchange, settings.exchangeType, settings.exchangeDurable),
                settings.declareExchange, settings.routingKey);
        ConnectionFailures failures = new ConnectionFailures(new Backoff(AppenderSettings.millis(settings.reconnectDelay),
                AppenderSettings.millis(settings.maxReconnectDelay)), connector.endpoint(), status);
        PublisherThread publisher = new PublisherThread("logcast-publisher-" + appenderName, buffer, connector, destination, outbox, window,
                failures, counters, status);
        return new Pipeline(settings, buffer, drops, events, unroutable, connector, publisher, counters, status);
    }

    void start() {
        publisher.start();
    }

    /** Events accepted and not yet settled. */
    int depth() {
        return buffer.depth();
    }

    /** Caller's thread: prepares {@code event} and offers it to the buffer; drops and counts it when there is no room in time. */
    void accept(ILoggingEvent event) {
        try {
            long waitMillis = settings.appendTimeout.getMilliseconds();
            if (waitMillis == 0) {
                // Room first: when the buffer is full, dropping costs no message formatting.
                if (!buffer.tryReserve()) {
                    drops.dropped();
                    return;
                }
                try {
                    prepare(event);
                } catch (RuntimeException e) {
                    buffer.release(1);
                    throw e;
                }
                buffer.addReserved(event);
            } else {
                prepare(event);
                if (!buffer.offer(event, waitMillis * 1_000_000L)) {
                    drops.dropped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drops.dropped();
        } catch (RuntimeException e) {
            encoder.unencodable("could not prepare an event from logger " + event.getLoggerName() + " for publishing", e);
        }
    }

    /** Freezes what the publisher thread will read later: message, MDC, thread name, caller data. */
    private void prepare(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (settings.includeCallerData) {
            event.getCallerData();
        }
    }

    /** Delivers what is buffered within the shutdown grace period, says how many events were not delivered, and ends every thread. */
    void stop() {
        long graceMillis = settings.shutdownGracePeriod.getMilliseconds();
        long started = System.nanoTime();
        publisher.requestStop(started + graceMillis * 1_000_000L);
        boolean ended = join(publisher, graceMillis);
        if (!ended) {
            publisher.abortNetwork();
            ended = join(publisher, 2_000);
        }
        if (ended) {
            unroutable.stopped(); // the publisher thread's, which has ended
        }
        int undelivered = buffer.depth();
        if (undelivered > 0) {
            counters.dropped.add(undelivered);
            status.warn(undelivered + " buffered events were not delivered: "
                    + (publisher.ranOutOfTime() || !ended ? "the shutdown grace period of " + graceMillis + " ms ended first"
                            : "no connection to the broker when the appender stopped")
                    + " (" + counters.confirmed.get() + " confirmed in total)");
        } else {
            status.info("stopped after " + (System.nanoTime() - started) / 1_000_000L + " ms; every buffered event was delivered");
        }
        try {
            ended &= connector.awaitClientThreads(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ended) {
            status.warn("an appender thread did not end in time; it is a daemon thread and will not keep the JVM alive");
        }
    }

    private static boolean join(Thread thread, long millis) {
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
