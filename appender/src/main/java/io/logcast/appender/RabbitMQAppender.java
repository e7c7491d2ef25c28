package io.logcast.appender;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.util.Duration;

import io.logcast.core.Backoff;
import io.logcast.core.BrokerUri;
import io.logcast.core.ExchangeDeclaration;
import io.logcast.core.WireContract;

/**
 * Publishes log events to a RabbitMQ exchange (by default the fanout exchange {@code logs}, declared
 * as the RabbitMQ tutorial declares it), one event per message (or, opted in with
 * {@code maxBatchEvents}, batches of JSON events), following the logcast wire contract.
 *
 * <p>The application comes first. {@link #append} only prepares the event and offers it to a
 * bounded buffer, never waiting for the network; one publisher thread connects (lazily, in the
 * background, with capped exponential backoff), encodes, publishes and waits for the broker's
 * confirms. An event leaves the buffer only when confirmed, so a lost connection loses nothing that
 * fit in the buffer (duplicates are possible: {@code producer} + {@code seq} headers reveal them).
 * A full buffer drops events and counts them. {@link #stop()} drains within the grace period.
 *
 * <pre>{@code
 * <appender name="RABBITMQ" class="io.logcast.appender.RabbitMQAppender">
 *   <uri>amqp://guest:guest@localhost:5672/%2F</uri>
 * </appender>
 * }</pre>
 */
public class RabbitMQAppender extends UnsynchronizedAppenderBase<ILoggingEvent> implements RabbitMQAppenderMBean {

    static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;
    static final String OBJECT_NAME_PREFIX = "io.logcast:type=RabbitMQAppender,name=";
    /** Client library loggers: their events would describe, and feed, the appender's own traffic. */
    private static final String CLIENT_LOGGER_PREFIX = "com.rabbitmq.";

    private String uri = BrokerUri.DEFAULT;
    private String addresses;
    private String username;
    private String password;
    private String virtualHost;
    private String connectionName;
    private String exchange = WireContract.DEFAULT_EXCHANGE;
    private String exchangeType = "fanout";
    private boolean declareExchange = true;
    private boolean exchangeDurable = false;
    private String routingKey = WireContract.DEFAULT_ROUTING_KEY;
    private Encoder<ILoggingEvent> encoder;
    private String application;
    private int deliveryMode = 1;
    private int bufferSize = 8192;
    private Duration appendTimeout = new Duration(0);
    private boolean confirms = true;
    private Duration connectTimeout = Duration.buildBySeconds(5);
    private Duration reconnectDelay = Duration.buildBySeconds(1);
    private Duration maxReconnectDelay = Duration.buildBySeconds(30);
    private Duration shutdownGracePeriod = Duration.buildBySeconds(10);
    private boolean includeCallerData = false;
    private int maxBatchEvents = 1;
    private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    private Duration lingerTime = new Duration(0);
    private String trustStore;
    private String trustStorePassword;

    private final Counters counters = new Counters();
    private volatile EventBuffer buffer;
    private DropReporter drops;
    private PublisherThread publisher;
    private BrokerConnector connector;
    private boolean ownsEncoder;
    private ObjectName registeredName;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        connector = null;
        try {
            connector = BrokerConnector.create(connectionSettings());
        } catch (BrokerConnector.InvalidSettingException e) {
            problems.add(e.getMessage());
        }
        check(problems, exchange != null && !exchange.isBlank(), "exchange must not be empty");
        check(problems, exchangeType != null && !exchangeType.isBlank(), "exchangeType must not be empty (fanout, topic, direct, headers)");
        check(problems, routingKey != null, "routingKey must not be null (use an empty routingKey for fanout)");
        check(problems, deliveryMode == 1 || deliveryMode == 2, "deliveryMode must be 1 (transient) or 2 (persistent), not " + deliveryMode);
        check(problems, bufferSize > 0, "bufferSize must be at least 1, not " + bufferSize);
        check(problems, appendTimeout != null && appendTimeout.getMilliseconds() >= 0, "appendTimeout must be 0 or positive");
        check(problems, connectTimeout != null && connectTimeout.getMilliseconds() > 0 && connectTimeout.getMilliseconds() <= Integer.MAX_VALUE,
                "connectTimeout must be positive");
        check(problems, reconnectDelay != null && reconnectDelay.getMilliseconds() > 0, "reconnectDelay must be positive");
        check(problems, maxReconnectDelay != null && reconnectDelay != null
                && maxReconnectDelay.getMilliseconds() >= reconnectDelay.getMilliseconds(), "maxReconnectDelay must be at least reconnectDelay");
        check(problems, shutdownGracePeriod != null && shutdownGracePeriod.getMilliseconds() >= 0, "shutdownGracePeriod must be 0 or positive");
        check(problems, maxBatchEvents >= 1 && maxBatchEvents <= PublisherThread.MAX_IN_FLIGHT,
                "maxBatchEvents must be between 1 (no batching) and " + PublisherThread.MAX_IN_FLIGHT + ", not " + maxBatchEvents);
        check(problems, maxBatchBytes >= 1, "maxBatchBytes must be at least 1, not " + maxBatchBytes);
        check(problems, lingerTime != null && lingerTime.getMilliseconds() >= 0, "lingerTime must be 0 or positive");
        check(problems, getContext() instanceof LoggerContext, "needs a Logback classic LoggerContext");
        if (!problems.isEmpty()) {
            for (String problem : problems) {
                addError(prefix() + problem + "; the appender does not start and the application goes on without it");
            }
            return;
        }
        if (encoder == null) {
            JsonEncoder json = new JsonEncoder();
            json.setWithFormattedMessage(true);
            json.setContext(getContext());
            json.start();
            encoder = json;
            ownsEncoder = true;
        }

        LoggerContext loggerContext = (LoggerContext) getContext();
        String app = application();
        String producer = UUID.randomUUID().toString();
        EventBuffer events = new EventBuffer(bufferSize);
        drops = new DropReporter(counters, this, getName(), bufferSize);
        EventMessages messages = new EventMessages(encoder, app, producer, deliveryMode,
                EventMessages.hostFromContext(getContext().getProperty(CoreConstants.HOSTNAME_KEY)));
        BatchLimits batching = BatchLimits.NONE;
        if (maxBatchEvents > 1 && messages.canBatch()) {
            batching = new BatchLimits(maxBatchEvents, maxBatchBytes, lingerTime.getMilliseconds() * 1_000_000L);
        } else if (maxBatchEvents > 1) {
            addWarn(prefix() + "maxBatchEvents " + maxBatchEvents + " ignored: batching needs a JSON encoder (one event per line), and "
                    + encoder.getClass().getName() + " gives '" + messages.contentType() + "'; events are published one per message");
        }
        publisher = new PublisherThread("logcast-publisher-" + getName(), events, connector,
                new ExchangeDeclaration(exchange, exchangeType, exchangeDurable), declareExchange, routingKey, messages, batching, confirms,
                new Backoff(reconnectDelay.getMilliseconds(), maxReconnectDelay.getMilliseconds()), counters, drops, this, getName(),
                loggerContext);
        buffer = events;
        registerMBean();
        publisher.start();
        super.start();
        addInfo(prefix() + "started (producer " + producer + ", app '" + app + "'); connecting to " + connector.endpoint()
                + " in the background");
    }

    /**
     * Caller's thread: no encoding, no I/O. Prepares the event for another thread and offers it to
     * the buffer; a full buffer drops it (after at most {@code appendTimeout}).
     */
    @Override
    protected void append(ILoggingEvent event) {
        EventBuffer events = buffer;
        if (events == null || AppenderThread.isCurrent() || event.getLoggerName().startsWith(CLIENT_LOGGER_PREFIX)) {
            return;
        }
        try {
            long waitMillis = appendTimeout.getMilliseconds();
            if (waitMillis == 0) {
                // Room first: when the buffer is full, dropping costs no message formatting.
                if (!events.tryReserve()) {
                    drops.dropped();
                    return;
                }
                try {
                    prepare(event);
                } catch (RuntimeException e) {
                    events.release(1);
                    throw e;
                }
                events.addReserved(event);
            } else {
                prepare(event);
                if (!events.offer(event, waitMillis * 1_000_000L)) {
                    drops.dropped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drops.dropped();
        } catch (RuntimeException e) {
            if (counters.failed.incrementAndGet() == 1) {
                addError(prefix() + "could not prepare an event for publishing; such events are skipped (counted as failed)", e);
            }
        }
    }

    /** Freezes what the publisher thread will read later: message, MDC, thread name, caller data. */
    private void prepare(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (includeCallerData) {
            event.getCallerData();
        }
    }

    /**
     * Delivers what is buffered within {@code shutdownGracePeriod}, then reports how many events
     * were not delivered; no appender thread is left running.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // from here on, doAppend() no longer calls append()
        long graceMillis = shutdownGracePeriod.getMilliseconds();
        long started = System.nanoTime();
        publisher.requestStop(started + graceMillis * 1_000_000L);
        boolean ended = join(publisher, graceMillis);
        boolean wasConnected = publisher.isConnected();
        if (!ended) {
            publisher.abortNetwork();
            ended = join(publisher, 2_000);
        }
        int undelivered = buffer.depth();
        long tookMillis = (System.nanoTime() - started) / 1_000_000L;
        if (undelivered > 0) {
            counters.dropped.addAndGet(undelivered);
            addWarn(prefix() + undelivered + " buffered events were not delivered: "
                    + (wasConnected || !ended ? "the shutdown grace period of " + graceMillis + " ms ended first"
                            : "no connection to the broker when the appender stopped")
                    + " (" + counters.confirmed.get() + " confirmed in total)");
        } else {
            addInfo(prefix() + "stopped after " + tookMillis + " ms; every buffered event was delivered");
        }
        try {
            ended &= connector.awaitClientThreads(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ended) {
            addWarn(prefix() + "an appender thread did not end in time; it is a daemon thread and will not keep the JVM alive");
        }
        unregisterMBean();
        if (ownsEncoder) {
            encoder.stop();
            encoder = null;
            ownsEncoder = false;
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

    private BrokerConnector.Settings connectionSettings() {
        BrokerConnector.Settings settings = new BrokerConnector.Settings();
        settings.uri = uri == null ? BrokerUri.DEFAULT : uri;
        settings.addresses = addresses;
        settings.username = username;
        settings.password = password;
        settings.virtualHost = virtualHost;
        settings.connectionName = connectionName != null ? connectionName : application();
        settings.connectTimeoutMillis = connectTimeout == null ? 0 : (int) Math.min(Integer.MAX_VALUE, connectTimeout.getMilliseconds());
        settings.trustStore = trustStore;
        settings.trustStorePassword = trustStorePassword;
        settings.threadNamePrefix = "logcast-amqp-" + getName() + "-";
        settings.status = this;
        return settings;
    }

    private String application() {
        if (application != null && !application.isBlank()) {
            return application;
        }
        return getContext() == null ? "unknown" : getContext().getName();
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private void registerMBean() {
        try {
            ObjectName name = objectName(getName());
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
            registeredName = name;
        } catch (JMException | RuntimeException e) {
            addWarn(prefix() + "counters not available over JMX: " + e);
        }
    }

    private void unregisterMBean() {
        if (registeredName == null) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.unregisterMBean(registeredName);
        } catch (JMException | RuntimeException e) {
            addWarn(prefix() + "could not unregister " + registeredName + ": " + e);
        }
        registeredName = null;
    }

    /** The JMX name of the appender called {@code appenderName}. */
    static ObjectName objectName(String appenderName) throws JMException {
        String value = appenderName.matches("[^,=:\"*?\\s]+") ? appenderName : ObjectName.quote(appenderName);
        return new ObjectName(OBJECT_NAME_PREFIX + value);
    }

    private String prefix() {
        return "RabbitMQAppender [" + getName() + "]: ";
    }

    // ---- counters (also over JMX) ----

    @Override
    public long getPublishedCount() {
        return counters.published.get();
    }

    @Override
    public long getConfirmedCount() {
        return counters.confirmed.get();
    }

    @Override
    public long getDroppedCount() {
        return counters.dropped.get();
    }

    @Override
    public long getFailedCount() {
        return counters.failed.get();
    }

    @Override
    public long getReconnectCount() {
        return counters.reconnects.get();
    }

    /** Connection attempts so far, successful or not. */
    long getConnectionAttemptCount() {
        return counters.connectionAttempts.get();
    }

    @Override
    public int getBufferDepth() {
        EventBuffer events = buffer;
        return events == null ? 0 : events.depth();
    }

    // ---- configuration ----

    /** The broker, as an AMQP URI; default {@code amqp://guest:guest@localhost:5672/%2F}. {@code amqps://} uses TLS with hostname verification. */
    public void setUri(String uri) {
        this.uri = uri;
    }

    /** Cluster nodes as {@code host1:5672,host2:5672}, tried in order; overrides the URI's host and port. Default: none. */
    public void setAddresses(String addresses) {
        this.addresses = addresses;
    }

    /** Overrides the URI's user name. Default: from the URI. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** Overrides the URI's password. Default: from the URI. Never printed. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Overrides the URI's virtual host. Default: from the URI ({@code %2F} is {@code /}). */
    public void setVirtualHost(String virtualHost) {
        this.virtualHost = virtualHost;
    }

    /** The connection's name in the broker's management UI. Default: the application name. */
    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    /** The exchange to publish to. Default {@code logs}. */
    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    /** The type the exchange is declared with. Default {@code fanout}. */
    public void setExchangeType(String exchangeType) {
        this.exchangeType = exchangeType;
    }

    /** Whether to declare the exchange (as the tutorial does) on each connection. Default true. */
    public void setDeclareExchange(boolean declareExchange) {
        this.declareExchange = declareExchange;
    }

    /** Whether the declared exchange is durable; every side must agree. Default false (as the tutorial). */
    public void setExchangeDurable(boolean exchangeDurable) {
        this.exchangeDurable = exchangeDurable;
    }

    /** The routing key; fanout ignores it. Default {@code ""}. */
    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    /** The encoder that makes the message body. Default: Logback's {@code JsonEncoder} with the formatted message. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** The application name ({@code app} header, {@code app_id} property). Default: the Logback context name. */
    public void setApplication(String application) {
        this.application = application;
    }

    /** 1 (transient, default) or 2 (persistent: survives a broker restart in a durable queue). */
    public void setDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    /** Events held until the broker confirms them (waiting and in flight). Default 8192. */
    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    /** How long a log call may wait for room in a full buffer. Default 0: never wait, drop at once. */
    public void setAppendTimeout(Duration appendTimeout) {
        this.appendTimeout = appendTimeout;
    }

    /** Publisher confirms: an event leaves the buffer only when the broker confirmed it. Default true. */
    public void setConfirms(boolean confirms) {
        this.confirms = confirms;
    }

    /** TCP connect and AMQP handshake timeout, each. Default 5 seconds. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Delay before the first reconnection attempt; doubles after each failure. Default 1 second. */
    public void setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    /** The cap of the reconnection delay. Default 30 seconds. */
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    /** How long {@code stop()} may take to deliver what is buffered. Default 10 seconds. */
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }

    /** Whether to capture the caller's class, method and line (costly) for the encoder. Default false. */
    public void setIncludeCallerData(boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    /**
     * The most events packed into one message (a batch: JSON bodies one per line, header
     * {@code event_count}); at most 1000, the in-flight window. Default 1: no batching, one event per
     * message. Needs a JSON encoder; with any other, a status warning says it is ignored.
     */
    public void setMaxBatchEvents(int maxBatchEvents) {
        this.maxBatchEvents = maxBatchEvents;
    }

    /**
     * The most body bytes in one batch; a single event larger than this still goes, alone.
     * Default 262144 (256 KiB). Only used when {@code maxBatchEvents} is above 1.
     */
    public void setMaxBatchBytes(int maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * How long the publisher may wait for more events to fill a batch once it holds one. Default 0:
     * never wait; a batch takes what accumulated while the previous messages were sent and
     * confirmed, so batching adds no latency. A few milliseconds give fuller batches at moderate
     * rates. Only used when {@code maxBatchEvents} is above 1.
     */
    public void setLingerTime(Duration lingerTime) {
        this.lingerTime = lingerTime;
    }

    /** For {@code amqps://}: a trust store file (JVM default type) instead of the JVM's default trust store. Default: none. */
    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    /** The password of {@code trustStore}. Default: none. Never printed. */
    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }
}
