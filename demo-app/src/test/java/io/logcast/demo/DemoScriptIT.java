package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.rabbitmq.client.Connection;

import io.logcast.test.CommandResult;
import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command, {@code bash demo.sh}, end to end: the collectors and the demo
 * application as separate processes on the test broker, with a short duration. Each run uses an
 * exchange of its own, so that nothing else publishing to {@code logs} changes the counts, and
 * finds its processes by that name.
 */
@RealBroker
class DemoScriptIT {

    private static final Path ROOT = DemoProcesses.repositoryRoot();
    /** Each jar and what it is built from, as demo.sh sees it: it rebuilds when a source is newer, which a test must not wait for. */
    private static final Map<String, List<String>> JARS = Map.of(
            "demo-app/target/logcast-demo-app.jar", List.of("pom.xml", "appender", "embedded-broker", "demo-app"),
            "collector/target/logcast-collector.jar", List.of("pom.xml", "appender", "collector"));

    private final String exchange = Queues.uniqueExchange("logs-demo-sh");
    private TestBroker broker;

    @BeforeEach
    void requireBuiltJars(TestBroker broker) throws IOException {
        this.broker = broker;
        for (Map.Entry<String, List<String>> jar : JARS.entrySet()) {
            Path path = ROOT.resolve(jar.getKey());
            assumeTrue(Files.exists(path) && Files.getLastModifiedTime(path).compareTo(newestSource(jar.getValue())) >= 0,
                    jar.getKey() + " is missing or older than the sources (demo.sh would build it): run 'mvn -B verify' from the repository root");
        }
    }

    @AfterEach
    void deleteExchange() throws Exception {
        try (Connection connection = broker.newConnection("demo-script-it-cleanup")) {
            connection.createChannel().exchangeDelete(exchange);
        }
    }

    @Test
    void runsTheWholeSystemWritesEveryConfirmedEventToTheFileAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("demo.log");

        CommandResult run = DemoProcesses.run(demoSh(logFile, "4s"), Duration.ofSeconds(150));

        assertThat(run.exitCode()).as(run.output()).isZero();
        long logged = number(run.output(), "events logged\\s+(\\d+)");
        long confirmed = number(run.output(), "confirmed by broker\\s+(\\d+) \\(published \\d+, dropped 0\\)");
        long linesReported = number(run.output(), "lines in log file\\s+(\\d+)");
        assertThat(logged).isGreaterThan(50);
        assertThat(confirmed).isEqualTo(logged);
        assertThat(linesReported).isEqualTo(confirmed);
        assertThat(Files.readAllLines(logFile, StandardCharsets.UTF_8)).hasSize((int) confirmed);
        assertThat(run.output())
                .containsPattern("log file\\s+" + Pattern.quote(logFile.toString()))
                .containsPattern("processes\\s+3 started, all stopped")
                .as("the console collector's coloured stream").contains("\u001b[");
        assertThat(DemoProcesses.processesMentioning(exchange)).isEmpty();
    }

    @Test
    void ctrlCStopsEveryProcessItStartedAndExits130(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = demoSh(dir.resolve("demo.log"), "120s").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(output).contains("logcast demo: logging for") && System.nanoTime() < deadline) {
                assertThat(demo.isAlive()).as(Files.readString(output)).isTrue();
                Thread.sleep(100);
            }
            assertThat(DemoProcesses.processesMentioning(exchange)).as("the collectors and the demo application").hasSize(3);

            new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();

            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(output)).isTrue();
            assertThat(demo.exitValue()).as(Files.readString(output)).isEqualTo(130);
            assertThat(Files.readString(output)).contains("interrupted: stopping everything it started");
            assertThat(DemoProcesses.processesMentioning(exchange)).isEmpty();
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private ProcessBuilder demoSh(Path logFile, String duration) {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("demo.sh").toString()).directory(ROOT.toFile());
        builder.environment().putAll(Map.of(
                "LOGCAST_AMQP_URI", broker.uri(),
                "LOGCAST_DEMO_DURATION", duration,
                "LOGCAST_DEMO_RATE", "50",
                "LOGCAST_DEMO_EXCHANGE", exchange,
                "LOGCAST_DEMO_FILE", logFile.toString()));
        return builder;
    }

    private static long number(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        assertThat(matcher.find()).as("'%s' in:%n%s", regex, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static FileTime newestSource(List<String> sources) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        for (String source : sources) {
            Path base = ROOT.resolve(source);
            List<Path> files;
            if (Files.isRegularFile(base)) {
                files = List.of(base);
            } else {
                try (Stream<Path> walk = Stream.concat(Stream.of(base.resolve("pom.xml")),
                        Files.exists(base.resolve("src/main")) ? Files.walk(base.resolve("src/main")) : Stream.empty())) {
                    files = walk.filter(Files::isRegularFile).toList();
                }
            }
            for (Path file : files) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.compareTo(newest) > 0) {
                    newest = modified;
                }
            }
        }
        return newest;
    }
}
