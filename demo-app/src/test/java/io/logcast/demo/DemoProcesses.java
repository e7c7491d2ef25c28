package io.logcast.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logcast.test.CommandResult;

/** Starts the demo's programs as real processes, the way a user does, and collects their output. */
final class DemoProcesses {

    private DemoProcesses() {
    }

    /** The shaded jar built by 'package' (failsafe passes its path). */
    static Path demoJar() {
        return Path.of(System.getProperty("logcast.demo.jar", "target/logcast-demo-app.jar")).toAbsolutePath();
    }

    /** The repository root, where demo.sh lives. */
    static Path repositoryRoot() {
        return Path.of(System.getProperty("logcast.repository.root", "..")).toAbsolutePath().normalize();
    }

    /** Runs this JVM's {@code java} with {@code args}; output is stdout and stderr, combined. */
    static CommandResult java(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command), timeout);
    }

    /**
     * Runs {@code builder} to completion with stdin closed and returns its exit code and combined
     * output; destroys it (and its descendants) and fails after {@code timeout}.
     */
    static CommandResult run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("logcast-demo-process-", ".out");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("still running after " + timeout.toSeconds() + " s: " + builder.command()
                        + "\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
