package io.logcast.appender;

import java.io.IOException;

import com.rabbitmq.client.Channel;

import io.logcast.core.ExchangeDeclaration;

/**
 * Where the appender publishes: the exchange, declared on each channel when configured so, and the
 * routing key. Every message is {@code mandatory}: the broker returns what no queue takes, which is
 * how the appender knows that nobody received it.
 */
final class Destination {

    private final ExchangeDeclaration exchange;
    private final boolean declare;
    private final String routingKey;

    Destination(ExchangeDeclaration exchange, boolean declare, String routingKey) {
        this.exchange = exchange;
        this.declare = declare;
        this.routingKey = routingKey;
    }

    String exchange() {
        return exchange.name();
    }

    /** Declares the exchange on a new channel, when configured to. */
    void prepare(Channel channel) throws IOException {
        if (declare) {
            exchange.declareOn(channel);
        }
    }

    void publish(Channel channel, OutgoingMessage message) throws IOException {
        channel.basicPublish(exchange.name(), routingKey, true, message.properties, message.body);
    }
}
