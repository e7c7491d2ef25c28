package io.logcast.appender;

import com.rabbitmq.client.AMQP;

/** One encoded event on its way to the broker; published again, unchanged, after a connection loss. */
final class OutgoingMessage {

    final long seq;
    final AMQP.BasicProperties properties;
    final byte[] body;
    /** False for the appender's own drop report, which never took a slot in the buffer. */
    final boolean holdsBufferSlot;

    OutgoingMessage(long seq, AMQP.BasicProperties properties, byte[] body, boolean holdsBufferSlot) {
        this.seq = seq;
        this.properties = properties;
        this.body = body;
        this.holdsBufferSlot = holdsBufferSlot;
    }
}
