package io.logcast.appender;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the appender has done since it started, one counter per outcome; read over JMX and by the demo. */
final class Counters {
    /** Messages written to the channel, re-publications included. */
    final AtomicLong published = new AtomicLong();
    /** Messages the broker confirmed. */
    final AtomicLong confirmed = new AtomicLong();
    /** Events refused by a full buffer, or still held when stop() gave up; added to by every application thread at once when the buffer is full, hence an adder. */
    final LongAdder dropped = new LongAdder();
    /** Messages the broker refused with a nack (each is published again). */
    final AtomicLong nacked = new AtomicLong();
    /** Messages published a second time or more: after a nack, or after a connection lost before their confirm. */
    final AtomicLong republished = new AtomicLong();
    /** Events skipped because they could not be prepared or encoded. */
    final AtomicLong unencodable = new AtomicLong();
    /** Events published cut to maxMessageBytes. */
    final AtomicLong truncated = new AtomicLong();
    /** Events the broker took while no queue was bound to take them (returned as unroutable). */
    final AtomicLong unroutable = new AtomicLong();
    /** Connections re-established after a lost or refused one. */
    final AtomicLong reconnects = new AtomicLong();
}
