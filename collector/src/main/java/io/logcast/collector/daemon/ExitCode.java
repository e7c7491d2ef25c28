package io.logcast.collector.daemon;

/** The exit codes of every daemon, as {@code --help} and the docs list them. */
public final class ExitCode {

    /** Stopped by SIGTERM or SIGINT after acknowledging everything written. */
    public static final int STOPPED = 0;
    /** An unexpected internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** A bad option, an unusable sink, a refused login or a refused declaration. */
    public static final int REFUSED = 2;
    /** Writing failed while running; unwritten messages were left unacknowledged on the broker. */
    public static final int WRITE_FAILED = 3;

    private ExitCode() {
    }
}
