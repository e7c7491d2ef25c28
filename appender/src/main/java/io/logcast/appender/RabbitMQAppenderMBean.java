package io.logcast.appender;

/**
 * The appender's counters over JMX, as {@code io.logcast:type=RabbitMQAppender,name=<appender name>},
 * registered while the appender is started.
 */
public interface RabbitMQAppenderMBean {

    /** Messages handed to the broker, re-publications after a connection loss included. */
    long getPublishedCount();

    /** Messages the broker confirmed (stays 0 with {@code confirms=false}). */
    long getConfirmedCount();

    /** Events refused because the buffer was full, plus those still buffered when stop() gave up. */
    long getDroppedCount();

    /** Publications that did not end in a confirm (nack, or connection lost first) and were published again; events the encoder could not encode. */
    long getFailedCount();

    /** Connections re-established after a lost or refused connection (the first connection is not counted). */
    long getReconnectCount();

    /** Events accepted and not yet confirmed: waiting in the buffer or in flight. */
    int getBufferDepth();
}
