package io.logcast.core;

/**
 * The wire contract every producer and consumer of logcast agrees on: exchange defaults, message
 * header names and content types. The appender writes them; the collectors read them. One place,
 * so the two sides cannot drift apart.
 */
public final class WireContract {

    /** The exchange the tutorial's {@code emit_log} publishes to. */
    public static final String DEFAULT_EXCHANGE = "logs";
    /** Fanout ignores the routing key; it matters only for users who bind a topic exchange. */
    public static final String DEFAULT_ROUTING_KEY = "";

    /** Header: the level name, TRACE..ERROR; for a batch, the highest. String. */
    public static final String HEADER_LEVEL = "level";
    /** Header: the logger name. String. */
    public static final String HEADER_LOGGER = "logger";
    /** Header: the name of the thread that logged. String. */
    public static final String HEADER_THREAD = "thread";
    /** Header: the event time in epoch milliseconds. Long. */
    public static final String HEADER_EVENT_TIME = "event_time";
    /** Header: the host name of the producing application. String. */
    public static final String HEADER_HOST = "host";
    /** Header: the application name. String. */
    public static final String HEADER_APP = "app";
    /** Header: a random id of the appender instance, new at each start. String. */
    public static final String HEADER_PRODUCER = "producer";
    /** Header: 1, 2, 3... per producer; for a batch, the first event's. Long. */
    public static final String HEADER_SEQ = "seq";
    /** Header: the number of events in a batched message (batches only). Integer. */
    public static final String HEADER_EVENT_COUNT = "event_count";

    /** Content type of Logback's JsonEncoder output: one JSON object per line. */
    public static final String CONTENT_TYPE_JSON = "application/json";
    /** Content type of a pattern-encoded (text) body. */
    public static final String CONTENT_TYPE_TEXT = "text/plain; charset=utf-8";

    private WireContract() {
    }

    /** The AMQP message id of one event: {@code <producer>-<seq>}. */
    public static String messageId(String producer, long seq) {
        return producer + "-" + seq;
    }
}
