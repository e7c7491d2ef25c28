package io.logcast.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A process inherits the signals its parent ignores, and a build started in the background by a
 * non-interactive shell ignores SIGINT: then every process a test starts ignores it too, and the
 * test's Ctrl-C ({@code kill -INT}) does nothing. {@link #withCtrlC(List)} gives a command SIGINT's
 * default disposition back, as in a terminal.
 */
public final class TerminalSignals {

    private static final long SIGINT_BIT = 1L << (2 - 1);

    private TerminalSignals() {
    }

    /** {@code command}, run through {@code env --default-signal=INT} when this JVM ignores SIGINT (Linux, GNU env). */
    public static List<String> withCtrlC(List<String> command) {
        if (!ignoresSigint(Paths.get("/proc/self/status"))) {
            return command;
        }
        List<String> restored = new ArrayList<>(List.of("env", "--default-signal=INT"));
        restored.addAll(command);
        return restored;
    }

    /** The {@code SigIgn} mask of a {@code /proc/<pid>/status}; false where there is none. */
    static boolean ignoresSigint(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & SIGINT_BIT) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to restore
        }
        return false;
    }
}
