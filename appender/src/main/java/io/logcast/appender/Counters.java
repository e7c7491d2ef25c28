package io.logcast.appender;

import java.util.concurrent.atomic.AtomicLong;

/** What the appender has done since it started; read by tests, JMX and the demo. */
final class Counters {
    final AtomicLong published = new AtomicLong();
    final AtomicLong confirmed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    /** Connection attempts, successful or not (for tests; not part of the JMX view). */
    final AtomicLong connectionAttempts = new AtomicLong();
}
