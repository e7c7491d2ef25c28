package io.logcast.collector.amqp;

import javax.net.ssl.SSLContext;

import io.logcast.core.BrokerAddresses;
import io.logcast.core.BrokerUri;

/**
 * What a collector consumes, and how.
 *
 * @param addresses         the nodes of a cluster to connect to instead of the URI's host, or null; the
 *                          consumer remembers in it the node it connected to last
 * @param tls               for {@code amqps://}: the context that verifies the broker's certificate (the
 *                          host name is verified too); ignored for {@code amqp://}
 * @param prefetch          messages the broker may send ahead, unacknowledged (basic.qos)
 * @param maxRetryDelayMillis the longest wait between connection attempts; waits double from 1 s up to it
 */
public record ConsumerSettings(BrokerUri uri, BrokerAddresses addresses, SSLContext tls, Topology topology, int prefetch, long maxRetryDelayMillis) {
}
