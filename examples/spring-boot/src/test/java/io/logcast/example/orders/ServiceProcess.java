package io.logcast.example.orders;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example service as it is deployed: its executable jar run with {@code java -jar}, a process of
 * its own, stopped with SIGTERM so that the JVM's shutdown (and Boot's stopping of Logback) is real.
 * Its console prints each event as one {@code logged|LEVEL|logger|message} line: what was logged,
 * to compare with what the broker received.
 */
final class ServiceProcess implements AutoCloseable {

    static final String CONSOLE_LINE_PREFIX = "logged|";

    private static final String CONSOLE_PATTERN = CONSOLE_LINE_PREFIX + "%level|%logger|%msg%n";
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the jar with the broker URI in {@code LOGCAST_AMQP_URI} (as a deployment would) and {@code args}. */
    static ServiceProcess start(Path directory, String amqpUri, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(),
                "--server.port=0",
                "--logging.pattern.console=" + CONSOLE_PATTERN));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(directory, "service-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.put("LOGCAST_AMQP_URI", amqpUri);
        return new ServiceProcess(builder.start(), output);
    }

    /** The executable jar built by 'package' (failsafe passes its path). */
    static Path jar() {
        String jar = System.getProperty("logcast.example.jar");
        if (jar == null) {
            throw new IllegalStateException("system property logcast.example.jar is not set: run the *IT tests with 'mvn verify'");
        }
        return Path.of(jar).toAbsolutePath();
    }

    /** Waits until the web server listens and returns the service's base URI; fails if the process exits first. */
    URI awaitStarted(Duration timeout) {
        String[] port = new String[1];
        await("the service to start").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before it started:\n" + output());
            }
            Matcher started = STARTED.matcher(output());
            if (started.find()) {
                port[0] = started.group(1);
                return true;
            }
            return false;
        });
        return URI.create("http://127.0.0.1:" + port[0]);
    }

    /** Sends SIGTERM and returns the exit code; fails if the process has not exited within {@code timeout}. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running " + timeout.toSeconds() + " s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the process printed so far, stdout and stderr. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the service's output " + output, e);
        }
    }

    /** The events the console printed, as {@code LEVEL|logger|first line of the message}. */
    List<String> consoleEvents() {
        List<String> events = new ArrayList<>();
        for (String line : output().split("\n")) {
            if (line.startsWith(CONSOLE_LINE_PREFIX)) {
                events.add(line.substring(CONSOLE_LINE_PREFIX.length()));
            }
        }
        return events;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
