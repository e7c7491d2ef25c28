/**
 * The AMQP side: the topology a collector declares, and the one thread that owns its connection and
 * channel, consumes, reconnects and acknowledges; each message reaches the handler as a {@link
 * io.logcast.collector.amqp.Delivery}.
 */
package io.logcast.collector.amqp;
