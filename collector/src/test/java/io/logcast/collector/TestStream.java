package io.logcast.collector;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.logcast.test.TestBroker;

/**
 * A stream of this test's own on an exchange of its own ({@link TestExchange}), both deleted afterwards.
 * The daemon under test declares it, or the test does first ({@link #declare}).
 */
public final class TestStream implements AutoCloseable {

    /** What the daemons declare by default: {@code --stream-max-age 7D --stream-max-bytes 10GB}. */
    public static final Map<String, Object> DAEMON_ARGUMENTS = Map.of("x-queue-type", "stream", "x-max-age", "7D",
            "x-max-length-bytes", 10L * 1024 * 1024 * 1024);

    final TestBroker broker;
    public final TestExchange exchange;
    public final String name = "logcast-test-stream-" + UUID.randomUUID();

    private TestStream(TestBroker broker) throws IOException {
        this.broker = broker;
        this.exchange = TestExchange.create(broker);
    }

    public static TestStream create(TestBroker broker) throws IOException {
        return new TestStream(broker);
    }

    /** Declares the stream with {@code arguments} and binds it to the exchange, as a daemon would. */
    public TestStream declare(Map<String, Object> arguments) throws IOException {
        Map<String, Object> all = new HashMap<>(arguments);
        all.put("x-queue-type", "stream");
        exchange.channel.queueDeclare(name, true, false, false, all);
        exchange.channel.queueBind(name, exchange.name, "");
        return this;
    }

    /** A channel of the test's own connection, to publish on. */
    public Channel newChannel() throws IOException {
        return exchange.connection.createChannel();
    }

    /** {@code daemon --uri ... --exchange ... --stream ...} followed by {@code more}. */
    String[] args(String daemon, String... more) {
        List<String> args = new ArrayList<>(List.of(daemon, "--uri", broker.uri(), "--exchange", exchange.name, "--stream", name));
        args.addAll(Arrays.asList(more));
        return args.toArray(new String[0]);
    }

    /** The regular expression of the line a daemon says when it consumes the stream. */
    String consumingLine() {
        return "consuming from exchange '" + exchange.name + "' through stream " + name + " at ";
    }

    /** Publishes text bodies with confirms: when this returns, the stream holds them. */
    void publishTexts(List<String> bodies) throws IOException, InterruptedException {
        try (Channel channel = exchange.connection.createChannel()) {
            channel.confirmSelect();
            for (String body : bodies) {
                channel.basicPublish(exchange.name, "", new AMQP.BasicProperties(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** The offset of the first message the stream holds now: what a consumer attached at {@code first} is given first. */
    long firstOffset() throws IOException {
        return (Long) first().getHeaders().get("x-stream-offset");
    }

    /** The {@code seq} header of the first message the stream holds now. */
    long firstSeq() throws IOException {
        return ((Number) first().getHeaders().get(io.logcast.core.WireContract.HEADER_SEQ)).longValue();
    }

    private AMQP.BasicProperties first() throws IOException {
        try (Channel channel = exchange.connection.createChannel()) {
            channel.basicQos(1);
            BlockingQueue<AMQP.BasicProperties> first = new LinkedBlockingQueue<>();
            channel.basicConsume(name, false, Map.of("x-stream-offset", "first"), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    first.add(properties);
                }
            });
            AMQP.BasicProperties properties = first.poll(10, TimeUnit.SECONDS);
            if (properties == null) {
                throw new AssertionError("stream " + name + " delivered nothing within 10 s to a consumer at 'first'");
            }
            return properties;
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /**
     * Waits until the stream's first offset is above {@code offset}: retention removed the segments up to it.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}
     */
    long awaitFirstOffsetAbove(long offset, Duration timeout) {
        long[] first = {-1};
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            first[0] = firstOffset();
            return first[0] > offset;
        });
        return first[0];
    }

    @Override
    public void close() throws IOException {
        try {
            if (exchange.channel.isOpen()) {
                exchange.channel.queueDelete(name);
            }
        } finally {
            exchange.close();
        }
    }
}
