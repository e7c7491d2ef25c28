package io.logcast.collector.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import io.logcast.core.BrokerReply;

/**
 * The first and last offsets a stream holds, found over AMQP 0-9-1, which has no query for them
 * (RabbitMQ 3.10's {@code queue.declare-ok} message count is a statistic refreshed every 5 seconds).
 * A consumer attached at {@code last} with a prefetch of 1, on a channel of its own, receives exactly
 * the last chunk the broker wrote: the broker hands a stream consumer whole chunks while it has
 * credit, and one chunk uses up a credit of 1; the reply to {@code basic.cancel} comes after every
 * message of it. (On RabbitMQ 3.10 a second stream consumer on the channel of another one may wait
 * seconds for its first chunk: hence a channel of its own.) One attached at {@code first} receives
 * the first message first.
 *
 * <p>A stream that holds nothing readable delivers nothing, and the broker's statistic cannot tell: a
 * stream whose retention removed every message (its active segment just rolled, empty) counts 1. So
 * the answer is waited for a bounded time (longer when the statistic counts messages), then the
 * stream is taken to hold nothing.
 *
 * <p>Offsets are not one per message: each segment after the first begins with a chunk of the
 * broker's own (its publishers' deduplication state), one offset that no consumer is given.
 */
public final class StreamBounds {

    /** Nothing in the stream. */
    public static final StreamBounds EMPTY = new StreamBounds(-1, List.of());

    private static final long ANSWER_MILLIS = 60_000;
    /** How long the last chunk of a stream the broker counts messages in is waited for (it takes milliseconds, a second under load). */
    private static final long COUNTED_MILLIS = 15_000;

    private final long lastOffset;
    private final List<AMQP.BasicProperties> lastChunk;

    private StreamBounds(long lastOffset, List<AMQP.BasicProperties> lastChunk) {
        this.lastOffset = lastOffset;
        this.lastChunk = lastChunk;
    }

    /** The offset of the last message, or -1 when the stream holds none. */
    public long lastOffset() {
        return lastOffset;
    }

    /** The properties of the messages of the last chunk, in offset order (their headers carry event times). */
    public List<AMQP.BasicProperties> lastChunk() {
        return lastChunk;
    }

    /**
     * Finds the last offset of {@code stream} now.
     *
     * @param looksEmptyMillis how long to wait for the last chunk when the broker's statistic says the stream is empty
     * @throws IOException when the channel or the connection is lost, or basic.cancel is not answered within a minute
     */
    public static StreamBounds last(Connection connection, String stream, long looksEmptyMillis) throws IOException, InterruptedException {
        return attachOnce(connection, stream, "last", looksEmptyMillis);
    }

    /**
     * The offset of the first message {@code stream} holds now, or -1 when it holds none.
     *
     * @param looksEmptyMillis how long to wait for it when the broker's statistic says the stream is empty
     * @throws IOException when the channel or the connection is lost, or basic.cancel is not answered within a minute
     */
    public static long firstOffset(Connection connection, String stream, long looksEmptyMillis) throws IOException, InterruptedException {
        List<AMQP.BasicProperties> first = attachOnce(connection, stream, "first", looksEmptyMillis).lastChunk;
        return first.isEmpty() ? -1 : Delivery.streamOffsetOf(first.get(0));
    }

    /** Attaches a consumer with a prefetch of 1 at {@code where}, takes the chunk it is given, and cancels it. */
    private static StreamBounds attachOnce(Connection connection, String stream, String where, long looksEmptyMillis)
            throws IOException, InterruptedException {
        Channel channel = connection.createChannel();
        try {
            long statistic = channel.queueDeclarePassive(stream).getMessageCount();
            channel.basicQos(1);
            LastChunk chunk = new LastChunk(channel);
            String tag = channel.basicConsume(stream, false, Map.of(Delivery.STREAM_OFFSET, where), chunk);
            chunk.first.await(statistic > 0 ? COUNTED_MILLIS : looksEmptyMillis, TimeUnit.MILLISECONDS);
            chunk.failIfLost();
            channel.basicCancel(tag);
            if (!chunk.cancelled.await(ANSWER_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IOException("no reply to basic.cancel within " + ANSWER_MILLIS / 1000 + " s");
            }
            chunk.failIfLost();
            return chunk.end();
        } catch (ShutdownSignalException e) {
            throw new IOException(BrokerReply.describe(e), e);
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | RuntimeException alreadyGone) {
                    // what was found is known
                }
            }
        }
    }

    /** Collects the chunk given on the thread that runs the client's consumer callbacks. */
    private static final class LastChunk extends DefaultConsumer {
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        private final List<AMQP.BasicProperties> messages = new ArrayList<>();
        private long lastOffset = -1;
        private volatile ShutdownSignalException lost;

        LastChunk(Channel channel) {
            super(channel);
        }

        @Override
        public synchronized void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            long offset = Delivery.streamOffsetOf(properties);
            if (offset > lastOffset) {
                lastOffset = offset;
                messages.add(properties);
            }
            first.countDown();
        }

        @Override
        public void handleCancelOk(String tag) {
            cancelled.countDown();
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
            lost = signal;
            first.countDown();
            cancelled.countDown();
        }

        void failIfLost() throws IOException {
            if (lost != null) {
                throw new IOException(BrokerReply.describe(lost), lost);
            }
        }

        synchronized StreamBounds end() {
            return lastOffset < 0 ? EMPTY : new StreamBounds(lastOffset, List.copyOf(messages));
        }
    }
}
