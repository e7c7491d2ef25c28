package io.logcast.appender;

import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.util.Duration;

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

    /** Client library loggers: their events would describe, and feed, the appender's own traffic. */
    private static final String CLIENT_LOGGER_PREFIX = "com.rabbitmq.";

    private final AppenderSettings settings = new AppenderSettings();
    private final Counters counters = new Counters();
    private Encoder<ILoggingEvent> encoder;
    private boolean ownsEncoder;
    /** Set while started; kept after stop() for the counters' buffer depth. */
    private volatile Pipeline pipeline;
    private JmxRegistration jmx;

    /** Checks the configuration (each problem is one status error, and the appender then stays stopped), then starts publishing. */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        StatusReporter status = new StatusReporter(this, getName());
        try {
            start(status);
        } catch (RuntimeException | LinkageError e) {
            // a library missing from the application's classpath, or of an incompatible version, must not stop the application
            status.error("cannot start (" + e + "); the appender does not start and the application goes on without it", e);
        }
    }

    private void start(StatusReporter status) {
        String app = settings.application(getContext() == null ? null : getContext().getName());
        List<String> problems = settings.problems();
        BrokerConnector connector = null;
        try {
            connector = BrokerConnector.create(settings, settings.connectionName != null ? settings.connectionName : app,
                    "logcast-amqp-" + getName() + "-", status);
        } catch (BrokerConnector.InvalidSettingException e) {
            problems.add(0, e.getMessage());
        }
        if (!(getContext() instanceof LoggerContext)) {
            problems.add("needs a Logback classic LoggerContext");
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> status.error(problem + "; the appender does not start and the application goes on without it"));
            return;
        }
        if (encoder == null) {
            encoder = EventEncoder.defaultEncoder(getContext());
            ownsEncoder = true;
        }
        ContentTypes.defaultToUtf8(encoder);
        String producer = UUID.randomUUID().toString();
        pipeline = Pipeline.create(settings, encoder, ContentTypes.choose(settings.contentType, encoder, status), app, producer,
                connector, (LoggerContext) getContext(), counters, status, getName());
        jmx = JmxRegistration.register(getName(), this, status);
        pipeline.start();
        super.start();
        status.info("started (producer " + producer + ", app '" + app + "'); connecting to " + connector.endpoint() + " in the background");
    }

    /**
     * Caller's thread: no encoding, no I/O. Prepares the event for another thread and offers it to
     * the buffer; a full buffer drops it (after at most {@code appendTimeout}).
     */
    @Override
    protected void append(ILoggingEvent event) {
        Pipeline running = pipeline;
        if (running != null && !AppenderThread.isCurrent() && !event.getLoggerName().startsWith(CLIENT_LOGGER_PREFIX)) {
            running.accept(event);
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
        pipeline.stop();
        if (jmx != null) {
            jmx.unregister();
            jmx = null;
        }
        if (ownsEncoder) {
            encoder.stop();
            encoder = null;
            ownsEncoder = false;
        }
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
        return counters.dropped.sum();
    }

    @Override
    public long getNackedCount() {
        return counters.nacked.get();
    }

    @Override
    public long getRepublishedCount() {
        return counters.republished.get();
    }

    @Override
    public long getUnencodableCount() {
        return counters.unencodable.get();
    }

    @Override
    public long getTruncatedCount() {
        return counters.truncated.get();
    }

    @Override
    public long getUnroutableCount() {
        return counters.unroutable.get();
    }

    @Override
    public long getReconnectCount() {
        return counters.reconnects.get();
    }

    @Override
    public int getBufferDepth() {
        Pipeline running = pipeline;
        return running == null ? 0 : running.depth();
    }

    // ---- configuration ----

    /** The broker, as an AMQP URI; default {@code amqp://guest:guest@localhost:5672/%2F}. {@code amqps://} uses TLS with hostname verification. */
    public void setUri(String uri) {
        settings.uri = uri;
    }

    /** Cluster nodes as {@code host1:5672,host2:5672}, tried in order; overrides the URI's host and port. Default: none. */
    public void setAddresses(String addresses) {
        settings.addresses = addresses;
    }

    /** Overrides the URI's user name. Default: from the URI. */
    public void setUsername(String username) {
        settings.username = username;
    }

    /** Overrides the URI's password. Default: from the URI. Never printed. */
    public void setPassword(String password) {
        settings.password = password;
    }

    /** Overrides the URI's virtual host. Default: from the URI ({@code %2F} is {@code /}). */
    public void setVirtualHost(String virtualHost) {
        settings.virtualHost = virtualHost;
    }

    /** The connection's name in the broker's management UI. Default: the application name. */
    public void setConnectionName(String connectionName) {
        settings.connectionName = connectionName;
    }

    /** The exchange to publish to. Default {@code logs}. */
    public void setExchange(String exchange) {
        settings.exchange = exchange;
    }

    /** The type the exchange is declared with. Default {@code fanout}. */
    public void setExchangeType(String exchangeType) {
        settings.exchangeType = exchangeType;
    }

    /** Whether to declare the exchange (as the tutorial does) on each connection. Default true. */
    public void setDeclareExchange(boolean declareExchange) {
        settings.declareExchange = declareExchange;
    }

    /** Whether the declared exchange is durable; every side must agree. Default false (as the tutorial). */
    public void setExchangeDurable(boolean exchangeDurable) {
        settings.exchangeDurable = exchangeDurable;
    }

    /** The routing key; fanout ignores it. Default {@code ""}. */
    public void setRoutingKey(String routingKey) {
        settings.routingKey = routingKey;
    }

    /**
     * The encoder that makes the message body. Default: Logback's {@code JsonEncoder} with the
     * formatted message. A layout encoder that names no charset writes UTF-8, whatever the platform.
     */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /**
     * The messages' {@code content_type}. Default: what the encoder declares ({@code application/json}
     * for Logback's JsonEncoder; a layout's type and the encoder's charset, {@code text/plain;
     * charset=utf-8}), else {@code application/octet-stream}. Set it for an encoder that declares
     * nothing, such as logstash-logback-encoder's ({@code application/json}, which allows batching).
     */
    public void setContentType(String contentType) {
        settings.contentType = contentType;
    }

    /**
     * The most bytes in one message body; at least 1024. A larger event is cut to fit (its message,
     * then its stack trace, each marked {@code [truncated N bytes]}) and counted. Default 1048576 (1 MiB).
     */
    public void setMaxMessageBytes(int maxMessageBytes) {
        settings.maxMessageBytes = maxMessageBytes;
    }

    /** The application name ({@code app} header, {@code app_id} property). Default: the Logback context name. */
    public void setApplication(String application) {
        settings.application = application;
    }

    /** 1 (transient, default) or 2 (persistent: survives a broker restart in a durable queue). */
    public void setDeliveryMode(int deliveryMode) {
        settings.deliveryMode = deliveryMode;
    }

    /** Events held until the broker confirms them (waiting and in flight). Default 8192. */
    public void setBufferSize(int bufferSize) {
        settings.bufferSize = bufferSize;
    }

    /** How long a log call may wait for room in a full buffer. Default 0: never wait, drop at once. */
    public void setAppendTimeout(Duration appendTimeout) {
        settings.appendTimeout = appendTimeout;
    }

    /** Publisher confirms: an event leaves the buffer only when the broker confirmed it. Default true. */
    public void setConfirms(boolean confirms) {
        settings.confirms = confirms;
    }

    /** TCP connect and AMQP handshake timeout, each. Default 5 seconds. */
    public void setConnectTimeout(Duration connectTimeout) {
        settings.connectTimeout = connectTimeout;
    }

    /** Delay before the first reconnection attempt; doubles after each failure. Default 1 second. */
    public void setReconnectDelay(Duration reconnectDelay) {
        settings.reconnectDelay = reconnectDelay;
    }

    /** The cap of the reconnection delay. Default 30 seconds. */
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        settings.maxReconnectDelay = maxReconnectDelay;
    }

    /** How long {@code stop()} may take to deliver what is buffered. Default 10 seconds. */
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        settings.shutdownGracePeriod = shutdownGracePeriod;
    }

    /** Whether to capture the caller's class, method and line (costly) for the encoder. Default false. */
    public void setIncludeCallerData(boolean includeCallerData) {
        settings.includeCallerData = includeCallerData;
    }

    /**
     * The most events packed into one message (a batch: JSON bodies one per line, header
     * {@code event_count}); at most 1000, the in-flight window. Default 1: no batching, one event per
     * message. Needs a JSON encoder; with any other, a status warning says it is ignored.
     */
    public void setMaxBatchEvents(int maxBatchEvents) {
        settings.maxBatchEvents = maxBatchEvents;
    }

    /**
     * The most body bytes in one batch; a single event larger than this still goes, alone.
     * Default 262144 (256 KiB). Only used when {@code maxBatchEvents} is above 1.
     */
    public void setMaxBatchBytes(int maxBatchBytes) {
        settings.maxBatchBytes = maxBatchBytes;
    }

    /**
     * How long the publisher may wait for more events to fill a batch once it holds one. Default 0:
     * never wait; a batch takes what accumulated while the previous messages were sent and
     * confirmed, so batching adds no latency. A few milliseconds give fuller batches at moderate
     * rates. Only used when {@code maxBatchEvents} is above 1.
     */
    public void setLingerTime(Duration lingerTime) {
        settings.lingerTime = lingerTime;
    }

    /** For {@code amqps://}: a trust store file (JVM default type) instead of the JVM's default trust store. Default: none. */
    public void setTrustStore(String trustStore) {
        settings.trustStore = trustStore;
    }

    /** The password of {@code trustStore}. Default: none. Never printed. */
    public void setTrustStorePassword(String trustStorePassword) {
        settings.trustStorePassword = trustStorePassword;
    }
}
