package io.logcast.collector.stream;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import io.logcast.collector.amqp.ConsumerSettings;
import io.logcast.collector.amqp.Delivery;
import io.logcast.collector.amqp.StreamBounds;
import io.logcast.collector.decode.EventDecoder;
import io.logcast.collector.decode.MessageHeaders;
import io.logcast.collector.decode.RemoteEvent;
import io.logcast.core.BrokerReply;
import io.logcast.core.ConnectionFactories;

/**
 * Reads windows of a stream on demand, on a connection of its own (opened at the first read, again
 * after a loss): from a start point to the last message the stream held when asked
 * ({@link StreamBounds}), decoded as the daemons decode, for a reader that asks for history while
 * the daemon follows live events (the web view's {@code GET /api/events?from=...}). Thread-safe:
 * each read has channels of its own.
 */
public final class StreamWindow implements AutoCloseable {

    /** What a read hands each event to; returning false ends the read. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(long offset, RemoteEvent event);
    }

    /** How long a stream the broker counts no message in is given to show its last chunk. */
    private static final long LOOKS_EMPTY_MILLIS = 1_000;
    /** From a time later than every event of the last chunk, how long the first message is waited for. */
    private static final long NOTHING_SINCE_MILLIS = 2_000;
    private static final long ANSWER_MILLIS = 30_000;
    private static final int PREFETCH = 1_000;

    private final ConsumerSettings settings;
    private final String stream;
    private final String connectionName;
    private Connection connection;

    public StreamWindow(ConsumerSettings settings, String stream, String connectionName) {
        this.settings = settings;
        this.stream = stream;
        this.connectionName = connectionName;
    }

    public String stream() {
        return stream;
    }

    /**
     * Hands the events of the messages from {@code start} up to the stream's last offset now, in order,
     * to {@code visitor}, until it returns false; events of a time start that are older than it are not
     * handed over.
     *
     * @return true when it reached the stream's last offset; false when the visitor ended it
     * @throws IOException when the broker cannot be reached or does not answer
     */
    public boolean read(StartPoint start, Visitor visitor) throws IOException, InterruptedException {
        Connection open = connection();
        StreamBounds end;
        try {
            end = StreamBounds.last(open, stream, LOOKS_EMPTY_MILLIS);
        } catch (ShutdownSignalException e) {
            throw new IOException(BrokerReply.describe(e), e);
        }
        long last = end.lastOffset();
        if (last < 0 || (start.kind() == StartPoint.Kind.OFFSET && start.offset() > last)) {
            return true;
        }
        boolean certain = start.kind() != StartPoint.Kind.TIME || end.lastChunk().stream()
                .map(properties -> MessageHeaders.of(properties).eventTime())
                .anyMatch(time -> time != null && time >= start.notBeforeMillis());
        EventDecoder decoder = new EventDecoder();
        Channel channel = open.createChannel();
        try {
            channel.basicQos(PREFETCH);
            BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
            String tag = channel.basicConsume(stream, false, Map.of(Delivery.STREAM_OFFSET, start.consumerArgument()), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    inbox.add(new Incoming(envelope.getDeliveryTag(), Delivery.of(properties, body, envelope.isRedeliver())));
                }

                @Override
                public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
                    inbox.add(signal);
                }
            });
            int unacknowledged = 0;
            boolean first = true;
            while (true) {
                Object next = inbox.poll(first && !certain ? NOTHING_SINCE_MILLIS : ANSWER_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (first && !certain) {
                        return true; // the broker attached after the end: nothing at or after the time
                    }
                    throw new IOException("stream '" + stream + "' sent nothing more within " + ANSWER_MILLIS / 1000 + " s");
                }
                if (next instanceof ShutdownSignalException lost) {
                    throw new IOException(BrokerReply.describe(lost), lost);
                }
                first = false;
                Incoming incoming = (Incoming) next;
                long offset = incoming.delivery().streamOffset();
                if (offset > last) {
                    return true;
                }
                if (start.kind() != StartPoint.Kind.OFFSET || offset >= start.offset()) {
                    MessageHeaders headers = MessageHeaders.of(incoming.delivery().properties());
                    for (RemoteEvent event : decoder.decode(headers, incoming.delivery().body())) {
                        if (event.getTimeStamp() >= start.notBeforeMillis() && !visitor.visit(offset, event)) {
                            return false;
                        }
                    }
                }
                if (offset == last) {
                    return true;
                }
                // credit for the next chunks
                if (++unacknowledged >= PREFETCH / 2) {
                    channel.basicAck(incoming.tag(), true);
                    unacknowledged = 0;
                }
            }
        } finally {
            closeQuietly(channel);
        }
    }

    private synchronized Connection connection() throws IOException {
        if (connection == null || !connection.isOpen()) {
            try {
                connection = ConnectionFactories.create(settings.uri(), settings.tls(), ConnectionFactories.DEFAULT_TIMEOUT_MILLIS)
                        .newConnection(connectionName);
            } catch (TimeoutException e) {
                throw new IOException(BrokerReply.describeConnectFailure(e, ConnectionFactories.DEFAULT_TIMEOUT_MILLIS), e);
            } catch (IOException e) {
                throw new IOException(BrokerReply.describeConnectFailure(e, ConnectionFactories.DEFAULT_TIMEOUT_MILLIS), e);
            }
        }
        return connection;
    }

    /** Closes the connection, if one is open. */
    @Override
    public synchronized void close() {
        if (connection != null && connection.isOpen()) {
            connection.abort(1_000);
        }
        connection = null;
    }

    private static void closeQuietly(Channel channel) {
        if (channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException alreadyGone) {
                // the read is over either way
            }
        }
    }

    private record Incoming(long tag, Delivery delivery) {
    }
}
