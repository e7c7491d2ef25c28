package io.logcast.collector;

import java.io.PrintStream;

import io.logcast.collector.sink.TerminalText;
import io.logcast.core.BrokerUri;

/**
 * The collector's own voice, never mixed into the events it writes: one line per thing to say, on
 * stderr, prefixed {@code logcast-collector: }, with the password of any AMQP URI masked and any
 * control character (from event content, a broker's reply) escaped.
 */
public final class Diagnostics {

    private static final String PREFIX = "logcast-collector: ";

    private final PrintStream out;

    public Diagnostics(PrintStream out) {
        this.out = out;
    }

    /** On the process's stderr. */
    public static Diagnostics stderr() {
        return new Diagnostics(System.err);
    }

    /** Says {@code line}, flushed at once. */
    public void say(String line) {
        out.println(PREFIX + TerminalText.escape(BrokerUri.mask(line)));
        out.flush();
    }
}
