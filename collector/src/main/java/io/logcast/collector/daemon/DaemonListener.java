package io.logcast.collector.daemon;

import io.logcast.collector.account.Gap;

/**
 * Told what a daemon notices besides events, where a sink shows it among them (the console's marker
 * line, a page's marker). Stderr says it anyway. Called on the consuming thread.
 */
public interface DaemonListener {

    /** Tells nothing. */
    DaemonListener NONE = new DaemonListener() {
    };

    /** The connection came back after a loss: events published meanwhile may be missing. */
    default void reconnected(String lossReason) {
    }

    /** A producer's seqs jumped: its events {@code gap.from()..gap.to()} did not arrive (yet). */
    default void gap(Gap gap) {
    }
}
