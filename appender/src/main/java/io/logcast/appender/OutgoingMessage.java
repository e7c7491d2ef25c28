package io.logcast.appender;

import com.rabbitmq.client.AMQP;

/**
 * One message on its way to the broker: one encoded event, or a batch of them; published again,
 * unchanged, after a nack or a connection loss.
 */
final class OutgoingMessage {

    final AMQP.BasicProperties properties;
    final byte[] body;
    /** Events in the body: 1, or N for a batch. Counted against the in-flight window. */
    final int eventCount;
    /** Buffer slots freed when the broker confirms it: its events, except the drop report, which never took one. */
    final int bufferSlots;
    /** Publisher thread only: written to a channel at least once, so the next publication is a republication. */
    boolean published;

    OutgoingMessage(AMQP.BasicProperties properties, byte[] body, int eventCount, int bufferSlots) {
        this.properties = properties;
        this.body = body;
        this.eventCount = eventCount;
        this.bufferSlots = bufferSlots;
    }

    /** {@code <producer>-<seq>}: what a return names, to find the message it returns. */
    String id() {
        return properties.getMessageId();
    }
}
