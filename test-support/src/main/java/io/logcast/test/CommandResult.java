package io.logcast.test;

/** The exit code and the combined stdout/stderr of a command a test ran. */
public final class CommandResult {

    private final int exitCode;
    private final String output;

    public CommandResult(int exitCode, String output) {
        this.exitCode = exitCode;
        this.output = output;
    }

    public int exitCode() {
        return exitCode;
    }

    public String output() {
        return output;
    }

    /** Returns this result, or throws with the output when the command failed. */
    public CommandResult orThrow() {
        if (exitCode != 0) {
            throw new IllegalStateException("command failed with exit code " + exitCode + ": " + output.strip());
        }
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ": " + output.strip();
    }
}
