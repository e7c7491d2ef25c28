package io.logcast.collector.amqp;

import java.util.Map;

import com.rabbitmq.client.AMQP;

/**
 * One message as the broker delivered it. {@code redelivered} is the broker's flag: the message was
 * delivered before, to this consumer or another, and not acknowledged (it may have been handled already).
 * {@code streamOffset} is its offset in a stream (the {@code x-stream-offset} header), or
 * {@link #NOT_FROM_A_STREAM}.
 */
public record Delivery(AMQP.BasicProperties properties, byte[] body, boolean redelivered, long streamOffset) {

    /** The {@code streamOffset} of a message from a queue. */
    public static final long NOT_FROM_A_STREAM = -1;

    /** The consumer argument that says where to attach to a stream, and the header with each message's offset. */
    public static final String STREAM_OFFSET = "x-stream-offset";

    /** A message delivered with {@code properties}: its offset when it comes from a stream. */
    public static Delivery of(AMQP.BasicProperties properties, byte[] body, boolean redelivered) {
        return new Delivery(properties, body, redelivered, streamOffsetOf(properties));
    }

    /** The {@code x-stream-offset} header, or {@link #NOT_FROM_A_STREAM}. */
    static long streamOffsetOf(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties == null ? null : properties.getHeaders();
        Object offset = headers == null ? null : headers.get(STREAM_OFFSET);
        return offset instanceof Long ? (Long) offset : NOT_FROM_A_STREAM;
    }

    /** A message from a queue. */
    public Delivery(AMQP.BasicProperties properties, byte[] body, boolean redelivered) {
        this(properties, body, redelivered, NOT_FROM_A_STREAM);
    }

    /**
     * Whether a consumer before this one may have handled it: the broker redelivered it, or it was read
     * from a stream (a reader resumes after the offset it recorded last; what it handled after that
     * comes again).
     */
    public boolean mayHaveBeenHandled() {
        return redelivered || streamOffset != NOT_FROM_A_STREAM;
    }
}
