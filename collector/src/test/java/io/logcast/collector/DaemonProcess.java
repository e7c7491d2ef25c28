package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionFactory;

import io.logcast.collector.cli.Collector;
import io.logcast.test.TerminalSignals;

/**
 * A collector daemon run for real, as its own JVM ({@code java -cp <test classpath> Collector ...}),
 * with its stdout and stderr captured.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final Pattern CONSUMING = Pattern.compile("consuming from exchange '[^']*' through (?:queue|stream) (\\S+) at ");

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread[] pumps;

    private DaemonProcess(Process process, boolean readStdout) {
        this.process = process;
        this.pumps = readStdout
                ? new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)}
                : new Thread[] {pump(process.getErrorStream(), stderr)};
    }

    /** Starts {@code disk}, {@code console} or {@code web} with these arguments. */
    public static DaemonProcess start(String... args) throws IOException {
        return start(List.of(), true, List.of(), args);
    }

    /** Starts a daemon with these JVM options besides the usual ones (a small {@code -Xmx}). */
    public static DaemonProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        return start(List.of(), true, jvmOptions, args);
    }

    /** Starts a daemon whose stdout nobody reads: once the pipe is full, its writes block (a stuck terminal). */
    static DaemonProcess startWithUnreadStdout(String... args) throws IOException {
        return start(List.of(), false, List.of(), args);
    }

    /**
     * Starts a daemon whose files may not grow beyond {@code kilobytes} (a shell's {@code ulimit -f}):
     * writes past it fail with "File too large", as on a full disk.
     */
    static DaemonProcess startWithFileSizeLimit(int kilobytes, String... args) throws IOException {
        return start(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec \"$0\" \"$@\""), true, List.of(), args);
    }

    private static DaemonProcess start(List<String> launcher, boolean readStdout, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(javaCommand(jvmOptions, args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("LOGCAST_AMQP_URI");
        Process process = builder.start();
        process.getOutputStream().close();
        return new DaemonProcess(process, readStdout);
    }

    /** The command line that runs a daemon with {@code args} in a JVM of its own, for a test that starts it some other way. */
    static List<String> javaCommand(String... args) {
        return javaCommand(List.of(), args);
    }

    private static List<String> javaCommand(List<String> jvmOptions, String... args) {
        // a daemon gets SIGINT as from a terminal, even when the build runs in the background
        List<String> command = new ArrayList<>(TerminalSignals.withCtrlC(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString())));
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        // no -Dlogback.configurationFile: the daemon's own logging is set up as shipped (DiagnosticsConfigurator),
        // before Logback would look for the harness's logback-test.xml on the test class path
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Collector.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
        }, "daemon-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    byte[] stdoutBytes() {
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> stderrLines() {
        String text = stderr();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /**
     * Waits until a stderr line matches {@code regex}; returns the first such line.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, with the stderr so far
     * @throws org.awaitility.core.TerminalFailureException when the daemon exits without such a line
     */
    public String awaitStderr(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        waiting(timeout)
                .failFast(() -> {
                    if (exitedWithAllOutput() && firstStderrLine(pattern) == null) {
                        throw new AssertionError("the daemon exited " + process.exitValue() + " with no stderr line matching " + regex
                                + "; stderr:\n" + stderr());
                    }
                })
                .untilAsserted(() -> assertThat(firstStderrLine(pattern))
                        .as(() -> "first stderr line matching " + regex + "; stderr so far:\n" + stderr()).isNotNull());
        return firstStderrLine(pattern);
    }

    /** Waits for the line that says the daemon consumes, and returns its queue's name. */
    public String awaitConsuming() {
        Matcher matcher = CONSUMING.matcher(awaitStderr(CONSUMING.pattern(), Duration.ofSeconds(30)));
        matcher.find();
        return matcher.group(1);
    }

    /**
     * Waits until stdout holds at least {@code count} occurrences of {@code text}.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, with the end of stdout
     */
    void awaitStdout(String text, int count, Duration timeout) {
        waiting(timeout).untilAsserted(() -> assertThat(occurrences(stdout(), text))
                .as(() -> "occurrences of '" + text + "' on stdout, which ends with:\n" + tail(stdout()))
                .isGreaterThanOrEqualTo(count));
    }

    private String firstStderrLine(Pattern pattern) {
        return stderrLines().stream().filter(line -> pattern.matcher(line).find()).findFirst().orElse(null);
    }

    /** The process is gone and every byte it wrote has been read. */
    private boolean exitedWithAllOutput() {
        return !process.isAlive() && Arrays.stream(pumps).noneMatch(Thread::isAlive);
    }

    private static ConditionFactory waiting(Duration timeout) {
        return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    private static String tail(String text) {
        return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }

    /**
     * Sends SIGTERM with {@code kill}: {@link Process#destroy()} would also close this side of the
     * daemon's stdout and stderr, losing what it prints while it stops (its summary line).
     */
    public void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** Sends SIGKILL: the daemon dies at once, as with {@code kill -9}. */
    void kill() throws IOException, InterruptedException {
        signal("KILL");
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() throws IOException, InterruptedException {
        signal("INT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    /** Waits for the exit and returns the exit code; output is complete afterwards. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        for (Thread pump : pumps) {
            pump.join(5_000);
        }
        return process.exitValue();
    }

    /** SIGTERM and wait; a daemon still running after that is killed. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
