package io.logcast.appender;

import com.rabbitmq.client.AMQP;

/**
 * One message on its way to the broker: one encoded event, or a batch of them; published again,
 * unchanged, after a connection loss.
 */
final class OutgoingMessage {

    /** The seq of its first event; a batch of N events carries seq .. seq + N - 1. */
    final long seq;
    final AMQP.BasicProperties properties;
    final byte[] body;
    /** Events in the body: 1, or N for a batch. Counted against the in-flight window. */
    final int eventCount;
    /** Buffer slots freed when the broker confirms it: its events, except the drop report, which never took one. */
    final int bufferSlots;

    OutgoingMessage(long seq, AMQP.BasicProperties properties, byte[] body, int eventCount, int bufferSlots) {
        this.seq = seq;
        this.properties = properties;
        this.body = body;
        this.eventCount = eventCount;
        this.bufferSlots = bufferSlots;
    }
}
