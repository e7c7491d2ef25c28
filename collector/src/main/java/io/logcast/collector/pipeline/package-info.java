/**
 * What happens to each message on the consuming thread: headers read once, events decoded, admitted by
 * producer and seq, journalled, handed to the sink.
 */
package io.logcast.collector.pipeline;
