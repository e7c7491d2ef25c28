package io.logcast.collector.amqp;

import com.rabbitmq.client.AMQP;

/**
 * One message as the broker delivered it. {@code redelivered} is the broker's flag: the message was
 * delivered before, to this consumer or another, and not acknowledged (it may have been handled already).
 */
public record Delivery(AMQP.BasicProperties properties, byte[] body, boolean redelivered) {
}
