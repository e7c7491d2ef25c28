package io.logcast.collector.amqp;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import io.logcast.core.BrokerReply;

/**
 * One connection's channel, for {@link QueueConsumer}: declare, consume, hand over, acknowledge (several
 * messages at a time, after the handler made them last). Runs on the consuming thread; the connection's
 * reader thread, which runs the consumer's callbacks ({@link CallingThreadExecutor}), only queues deliveries for it.
 */
final class ConsumerSession {

    private static final long IDLE_POLL_MILLIS = 100;

    private final ConsumerSettings settings;
    private final QueueConsumer.MessageHandler handler;
    private final BooleanSupplier stopping;
    private final Connection connection;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private Channel channel;
    private String consumerTag;
    private long lastHandledTag;
    private int unacknowledged;

    ConsumerSession(Connection connection, ConsumerSettings settings, QueueConsumer.MessageHandler handler, BooleanSupplier stopping) {
        this.connection = connection;
        this.settings = settings;
        this.handler = handler;
        this.stopping = stopping;
    }

    Topology.Declared open() throws IOException, InterruptedException {
        channel = connection.createChannel();
        Topology.Declared declared = settings.topology().declare(channel);
        if (!declared.consumable()) {
            return declared;
        }
        channel.basicQos(settings.prefetch());
        Map<String, Object> arguments = handler.attach(connection, declared);
        boolean stream = declared.stream();
        consumerTag = channel.basicConsume(declared.queue(), false, arguments, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                inbox.add(new Incoming(envelope.getDeliveryTag(), stream ? Delivery.of(properties, body, envelope.isRedeliver())
                        : new Delivery(properties, body, envelope.isRedeliver())));
            }

            @Override
            public void handleCancelOk(String tag) {
                inbox.add(Signal.CANCELLED);
            }

            @Override
            public void handleCancel(String tag) {
                inbox.add(new Lost("the broker cancelled the consumer: its queue was deleted, or its node went down"));
            }

            @Override
            public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
                inbox.add(new Lost(BrokerReply.describe(signal)));
            }
        });
        return declared;
    }

    /** Consumes until {@link QueueConsumer#stop()} (then finishes: stopped) or a loss (then: again, with the reason). */
    Ending consumeUntilStoppedOrLost() throws InterruptedException {
        try {
            while (!stopping.getAsBoolean()) {
                Object next = inbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    handler.idle();
                    acknowledge();
                } else if (next instanceof Incoming incoming) {
                    take(incoming);
                } else if (next instanceof Lost lost) {
                    return new Ending(Next.AGAIN, lost.reason());
                }
            }
            finish();
            return Ending.STOPPED;
        } catch (IOException | ShutdownSignalException e) {
            return stopping.getAsBoolean() ? Ending.STOPPED : new Ending(Next.AGAIN, BrokerReply.describe(e));
        }
    }

    private void take(Incoming incoming) throws IOException {
        try {
            handler.handle(incoming.delivery());
        } catch (RuntimeException e) {
            acknowledge();
            connection.abort(1_000);
            throw e;
        }
        lastHandledTag = incoming.tag();
        if (++unacknowledged >= Math.max(1, settings.prefetch() / 2)) {
            acknowledge();
        }
    }

    private void acknowledge() throws IOException {
        if (unacknowledged > 0) {
            handler.beforeAcknowledging();
            channel.basicAck(lastHandledTag, true);
            unacknowledged = 0;
        }
    }

    /** Stops the consumer, hands over and acknowledges what was already delivered, closes. */
    private void finish() throws IOException, InterruptedException {
        channel.basicCancel(consumerTag);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Object next = inbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (next == Signal.CANCELLED || next instanceof Lost) {
                break;
            }
            if (next instanceof Incoming incoming) {
                take(incoming);
            }
        }
        acknowledge();
        connection.close(5_000);
    }


    private record Incoming(long tag, Delivery delivery) {
    }

    private record Lost(String reason) {
    }

    private enum Signal {
        CANCELLED
    }

    /** What {@link QueueConsumer#run()} does after a session's end. */
    enum Next {
        /** Return: stopped. */
        STOP,
        /** Say the text and return: refused. */
        REFUSE,
        /** Connect again at once; the text is why the connection was lost, if it was. */
        AGAIN,
        /** Say the text with the attempt's number, wait the backoff's delay, connect again. */
        LATER
    }

    record Ending(Next next, String text) {
        static final Ending STOPPED = new Ending(Next.STOP, null);
    }
}
