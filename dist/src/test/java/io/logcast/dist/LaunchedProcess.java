package io.logcast.dist;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A command of the unpacked distribution run as a real process, its stdout and stderr written to
 * files beside it, stopped with real signals.
 */
final class LaunchedProcess implements AutoCloseable {

    private final Process process;
    private final long startedNanos;
    private final Path stdout;
    private final Path stderr;

    private LaunchedProcess(Process process, long startedNanos, Path stdout, Path stderr) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} in {@code directory} with the test JVM's environment less the variables
     * logcast reads, plus {@code environment} (a null value removes a variable).
     */
    static LaunchedProcess start(List<String> command, Path directory, Map<String, String> environment) throws IOException {
        Path output = Files.createTempDirectory(directory, "process-");
        Path stdout = output.resolve("stdout");
        Path stderr = output.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.remove("LOGCAST_AMQP_URI");
        env.remove("LOGCAST_JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        long started = System.nanoTime();
        return new LaunchedProcess(builder.start(), started, stdout, stderr);
    }

    /** Runs {@code command} to its end (at most 60 s). */
    static LaunchedProcess run(List<String> command, Path directory, Map<String, String> environment)
            throws IOException, InterruptedException {
        LaunchedProcess launched = start(command, directory, environment);
        launched.awaitExit(Duration.ofSeconds(60));
        return launched;
    }

    /** The program this process runs now: {@code .../bin/java} once the launcher has exec'd the JVM. */
    Path executable() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "exe"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process's resident memory now ({@code VmRSS}), in kB. */
    long residentKilobytes() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow(() -> new IllegalStateException("no VmRSS for process " + process.pid()));
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> stderrLines() {
        return lines(stderr());
    }

    List<String> stdoutLines() {
        return lines(stdout());
    }

    /** Complete lines only: a line still being written is not one yet. */
    private static List<String> lines(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    /** Waits until a stderr line matches {@code regex}; returns the milliseconds from the start to then. */
    long awaitStderr(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        await("stderr line matching " + regex).atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> stderrLines().stream().anyMatch(line -> pattern.matcher(line).find()) || !process.isAlive());
        if (stderrLines().stream().noneMatch(line -> pattern.matcher(line).find())) {
            throw new AssertionError("exited " + process.exitValue() + " without a stderr line matching " + regex
                    + "; stderr:\n" + stderr());
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** Sends a signal with {@code kill}, as an operator or systemd does. */
    void signal(String name) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + code);
        }
    }

    /** Waits for the exit and returns its code; the output is complete afterwards. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Kills what a failed test left running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
