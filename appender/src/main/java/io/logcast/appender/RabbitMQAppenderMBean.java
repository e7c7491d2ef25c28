package io.logcast.appender;

/**
 * The appender's counters over JMX, as {@code io.logcast:type=RabbitMQAppender,name=<appender name>},
 * registered while the appender is started. Each counts one outcome since the appender started.
 */
public interface RabbitMQAppenderMBean {

    /** Messages handed to the broker, re-publications included (a batch counts once). */
    long getPublishedCount();

    /** Messages the broker confirmed (stays 0 with {@code confirms=false}; a batch counts once). */
    long getConfirmedCount();

    /** Events refused because the buffer was full, plus those still buffered when stop() gave up. */
    long getDroppedCount();

    /** Messages the broker refused with a nack; each is published again. */
    long getNackedCount();

    /** Messages published again: after a nack, or after their connection was lost before the broker confirmed them. */
    long getRepublishedCount();

    /** Events skipped because they could not be prepared or encoded (the encoder or the event's own data threw). */
    long getUnencodableCount();

    /** Events published cut to {@code maxMessageBytes}, marked {@code [truncated N bytes]}. */
    long getTruncatedCount();

    /** Events the broker took while no queue was bound to the exchange: confirmed, and received by nobody. */
    long getUnroutableCount();

    /** Connections re-established after a lost or refused connection (the first connection is not counted). */
    long getReconnectCount();

    /** Events accepted and not yet confirmed: waiting in the buffer or in flight. */
    int getBufferDepth();
}
