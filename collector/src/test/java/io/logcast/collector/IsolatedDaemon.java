package io.logcast.collector;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.logcast.collector.cli.Collector;

/**
 * A collector daemon run as its own JVM in conditions of its own: a locale, as in a container or a
 * systemd unit ({@code LC_ALL} set; {@code LANG}, {@code LANGUAGE} and the other {@code LC_} variables
 * unset), or a small heap. Its stdout and stderr go to files, read as bytes.
 */
final class IsolatedDaemon implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private IsolatedDaemon(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code disk} or {@code console} with {@code args} under {@code LC_ALL=locale}; its output goes into {@code dir}. */
    static IsolatedDaemon inLocale(String locale, Path dir, String... args) throws IOException {
        return start(locale, List.of(), dir, args);
    }

    /** Starts a daemon whose heap may not grow beyond {@code maxHeap} ({@code -Xmx}, {@code 200m}). */
    static IsolatedDaemon withHeap(String maxHeap, Path dir, String... args) throws IOException {
        return start(null, List.of("-Xmx" + maxHeap), dir, args);
    }

    private static IsolatedDaemon start(String locale, List<String> jvmOptions, Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Collector.class.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, args[0], ".stdout");
        Path stderr = Files.createTempFile(dir, args[0], ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("LOGCAST_AMQP_URI");
        environment.remove("JAVA_TOOL_OPTIONS");
        if (locale != null) {
            environment.keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG") || name.equals("LANGUAGE"));
            environment.put("LC_ALL", locale);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        return new IsolatedDaemon(process, stdout, stderr);
    }

    byte[] stdout() throws IOException {
        return Files.readAllBytes(stdout);
    }

    byte[] stderr() throws IOException {
        return Files.readAllBytes(stderr);
    }

    /** Waits until a line of stderr, read as UTF-8, matches {@code regex}. */
    void awaitStderr(String regex) {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        await().atMost(Duration.ofSeconds(30)).failFast("the daemon exited", () -> !process.isAlive())
                .until(() -> pattern.matcher(new String(stderr(), StandardCharsets.UTF_8)).find());
    }

    /** SIGTERM, then the exit code. */
    int terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        return awaitExit();
    }

    /** The exit code, within 30 s. */
    int awaitExit() throws IOException, InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon did not exit within 30 s; stderr:\n" + new String(stderr(), StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
