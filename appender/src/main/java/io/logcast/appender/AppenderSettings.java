package io.logcast.appender;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.core.util.Duration;

import io.logcast.core.BrokerUri;
import io.logcast.core.WireContract;

/**
 * The appender's configuration as logback.xml sets it (through the appender's setters, which
 * document each property), and what {@code start()} checks in it.
 */
final class AppenderSettings {

    static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** Room for an event's fixed fields (level, logger, thread, timestamps) once its message and stack trace are cut. */
    static final int MIN_MAX_MESSAGE_BYTES = 1024;

    String uri = BrokerUri.DEFAULT;
    String addresses;
    String username;
    String password;
    String virtualHost;
    String connectionName;
    String exchange = WireContract.DEFAULT_EXCHANGE;
    String exchangeType = "fanout";
    boolean declareExchange = true;
    boolean exchangeDurable = false;
    String routingKey = WireContract.DEFAULT_ROUTING_KEY;
    String application;
    String contentType;
    int deliveryMode = 1;
    int bufferSize = 8192;
    Duration appendTimeout = new Duration(0);
    boolean confirms = true;
    Duration connectTimeout = Duration.buildBySeconds(5);
    Duration reconnectDelay = Duration.buildBySeconds(1);
    Duration maxReconnectDelay = Duration.buildBySeconds(30);
    Duration shutdownGracePeriod = Duration.buildBySeconds(10);
    boolean includeCallerData = false;
    int maxBatchEvents = 1;
    int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    Duration lingerTime = new Duration(0);
    int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    String trustStore;
    String trustStorePassword;

    /** Every setting that cannot be used, each as one phrase that names it; empty when all are usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, exchange != null && !exchange.isBlank(), "exchange must not be empty");
        check(problems, exchangeType != null && !exchangeType.isBlank(), "exchangeType must not be empty (fanout, topic, direct, headers)");
        check(problems, routingKey != null, "routingKey must not be null (use an empty routingKey for fanout)");
        check(problems, contentType == null || !contentType.isBlank(), "contentType must not be empty (leave it out to derive it from the encoder)");
        check(problems, deliveryMode == 1 || deliveryMode == 2, "deliveryMode must be 1 (transient) or 2 (persistent), not " + deliveryMode);
        check(problems, bufferSize > 0, "bufferSize must be at least 1, not " + bufferSize);
        check(problems, millis(appendTimeout) >= 0, "appendTimeout must be 0 or positive");
        check(problems, millis(connectTimeout) > 0 && millis(connectTimeout) <= Integer.MAX_VALUE, "connectTimeout must be positive");
        check(problems, millis(reconnectDelay) > 0, "reconnectDelay must be positive");
        check(problems, millis(maxReconnectDelay) >= Math.max(1, millis(reconnectDelay)), "maxReconnectDelay must be at least reconnectDelay");
        check(problems, millis(shutdownGracePeriod) >= 0, "shutdownGracePeriod must be 0 or positive");
        check(problems, maxBatchEvents >= 1 && maxBatchEvents <= BatchLimits.MAX_EVENTS, "maxBatchEvents must be between 1 (no batching) and "
                + BatchLimits.MAX_EVENTS + ", not " + maxBatchEvents);
        check(problems, maxBatchBytes >= 1, "maxBatchBytes must be at least 1, not " + maxBatchBytes);
        check(problems, millis(lingerTime) >= 0, "lingerTime must be 0 or positive");
        check(problems, maxMessageBytes >= MIN_MAX_MESSAGE_BYTES, "maxMessageBytes must be at least " + MIN_MAX_MESSAGE_BYTES + ", not " + maxMessageBytes);
        return problems;
    }

    /** The application name: as configured, else the Logback context's name. */
    String application(String contextName) {
        if (application != null && !application.isBlank()) {
            return application;
        }
        return contextName == null ? "unknown" : contextName;
    }

    /** Batching as configured; within maxMessageBytes, since a batch is one message. */
    BatchLimits batchLimits() {
        return new BatchLimits(maxBatchEvents, Math.min(maxBatchBytes, maxMessageBytes), millis(lingerTime) * 1_000_000L);
    }

    /** A duration's milliseconds; -1 for a missing one, which every check refuses. */
    static long millis(Duration duration) {
        return duration == null ? -1 : duration.getMilliseconds();
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
