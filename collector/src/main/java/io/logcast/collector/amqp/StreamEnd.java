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
 * The last offset a stream holds, found over AMQP 0-9-1, which has no query for it (RabbitMQ 3.10's
 * {@code queue.declare-ok} message count is a statistic refreshed every 5 seconds). A consumer
 * attached at {@code last} with a prefetch of 1, on a channel of its own, receives exactly the last
 * chunk the broker wrote: the broker hands a stream consumer whole chunks while it has credit, and one
 * chunk uses up a credit of 1; the reply to {@code basic.cancel} comes after every message of it. (On
 * RabbitMQ 3.10 a second stream consumer on the channel of another one may wait seconds for its first
 * chunk: hence a channel of its own.) A stream that holds nothing delivers nothing: when its statistic
 * says it is empty, the chunk is waited for a bounded time.
 */
public final class StreamEnd {

    /** Nothing in the stream. */
    public static final StreamEnd EMPTY = new StreamEnd(-1, List.of());

    private static final long ANSWER_MILLIS = 60_000;

    private final long lastOffset;
    private final List<AMQP.BasicProperties> lastChunk;

    private StreamEnd(long lastOffset, List<AMQP.BasicProperties> lastChunk) {
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
     * @throws IOException when the channel or the connection is lost, or the broker does not answer within a minute
     */
    public static StreamEnd find(Connection connection, String stream, long looksEmptyMillis) throws IOException, InterruptedException {
        Channel channel = connection.createChannel();
        try {
            long statistic = channel.queueDeclarePassive(stream).getMessageCount();
            channel.basicQos(1);
            LastChunk chunk = new LastChunk(channel);
            String tag = channel.basicConsume(stream, false, Map.of(Delivery.STREAM_OFFSET, "last"), chunk);
            boolean arrived = chunk.first.await(statistic > 0 ? ANSWER_MILLIS : looksEmptyMillis, TimeUnit.MILLISECONDS);
            chunk.failIfLost();
            if (!arrived && statistic > 0) {
                throw new IOException("stream '" + stream + "' sent no message within " + ANSWER_MILLIS / 1000 + " s of a consumer attaching at 'last'");
            }
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

    /** Collects the last chunk on the client's dispatch thread. */
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

        synchronized StreamEnd end() {
            return lastOffset < 0 ? EMPTY : new StreamEnd(lastOffset, List.copyOf(messages));
        }
    }
}
