package io.logcast.collector.sink;

/** Whoever read the daemon's stdout went away ({@code | head -1} had its line): a normal way for it to end. */
public final class OutputClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutputClosedException() {
        super("stdout was closed");
    }
}
