package io.logcast.collector;

import java.io.IOException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.WireContract;
import io.logcast.test.Queues;
import io.logcast.test.TestBroker;

/** A fanout exchange of this test's own, declared as the tutorial does, deleted afterwards. */
public final class TestExchange implements AutoCloseable {

    public final String name;
    final Connection connection;
    public final Channel channel;

    private TestExchange(TestBroker broker, String name) throws IOException {
        this.name = name;
        this.connection = broker.newConnection("collector-test-publisher");
        this.channel = connection.createChannel();
        Queues.declareTutorialExchange(channel, name);
    }

    /** Declares (again, identically) an exchange of a test that outlived its first connection: a broker restart. */
    static TestExchange reopen(TestBroker broker, String name) throws IOException {
        return new TestExchange(broker, name);
    }

    public static TestExchange create(TestBroker broker) throws IOException {
        return new TestExchange(broker, Queues.uniqueExchange(WireContract.DEFAULT_EXCHANGE));
    }

    public void publish(AMQP.BasicProperties properties, byte[] body) throws IOException {
        channel.basicPublish(name, "", properties, body);
    }

    void publishText(String body) throws IOException {
        publish(new AMQP.BasicProperties(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.exchangeDelete(name);
            }
        } finally {
            connection.abort();
        }
    }
}
