package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TerminalSignals;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command, {@code bash demo.sh}, end to end, with a short duration: on the test
 * broker (RabbitMQ), on the embedded broker it starts itself, and interrupted. Each run uses an
 * exchange of its own, so that nothing else publishing to {@code logs} changes the counts.
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
    /** Whether the run used the test broker (and left the exchange there), not an embedded one of its own. */
    private boolean onTestBroker;

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
        if (!onTestBroker) {
            return;
        }
        try (Connection connection = broker.newConnection("demo-script-it-cleanup")) {
            connection.createChannel().exchangeDelete(exchange);
        }
    }

    @Test
    void withRabbitMQRunsTheWholeSystemWritesEveryConfirmedEventToTheFileAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        assumeTrue(broker.isRabbitMQ(), "the test broker is not RabbitMQ; the embedded-broker case is the next test");
        Path logFile = dir.resolve("demo.log");
        ProcessBuilder demoSh = demoSh(logFile, "4s");
        onTestBroker = true;
        demoSh.environment().put("LOGCAST_AMQP_URI", broker.uri());

        DemoRun run = DemoRun.start(demoSh, dir);
        String output = run.awaitExit(Duration.ofSeconds(120));

        assertThat(run.exitCode()).as(output).isZero();
        assertEveryConfirmedEventIsInTheFile(output, logFile, 3);
        assertThat(run.stillRunning()).as("processes demo.sh started").isEmpty();
    }

    @Test
    void withTheEmbeddedBrokerDoesTheSameAndStopsTheBrokerToo(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("demo.log");
        ProcessBuilder demoSh = demoSh(logFile, "3s");
        demoSh.environment().remove("LOGCAST_AMQP_URI");
        demoSh.environment().put("LOGCAST_DEMO_BROKER", "embedded");

        DemoRun run = DemoRun.start(demoSh, dir);
        String output = run.awaitExit(Duration.ofSeconds(150));

        assertThat(run.exitCode()).as(output).isZero();
        assertThat(output).contains("logcast demo: broker: started the embedded broker (Apache Qpid Broker-J) at amqp://guest:****@127.0.0.1:");
        assertEveryConfirmedEventIsInTheFile(output, logFile, 4);
        assertThat(run.stillRunning()).as("processes demo.sh started").isEmpty();
    }

    @Test
    void ctrlCStopsEveryProcessItStartedAndExits130(@TempDir Path dir) throws Exception {
        ProcessBuilder demoSh = demoSh(dir.resolve("demo.log"), "120s");
        onTestBroker = true;
        demoSh.environment().put("LOGCAST_AMQP_URI", broker.uri());
        DemoRun run = DemoRun.start(demoSh, dir);

        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();
        String output = run.awaitExit(Duration.ofSeconds(60));

        assertThat(run.exitCode()).as(output).isEqualTo(130);
        assertThat(output).contains("logcast demo: interrupted: stopping everything it started");
        assertThat(run.stillRunning()).as("processes demo.sh started").isEmpty();
    }

    private static void assertEveryConfirmedEventIsInTheFile(String output, Path logFile, int processes) throws IOException {
        long logged = number(output, "events logged\\s+(\\d+)");
        long confirmed = number(output, "confirmed by broker\\s+(\\d+) \\(published \\d+, dropped 0\\)");
        assertThat(logged).isGreaterThan(50);
        assertThat(confirmed).isEqualTo(logged);
        assertThat(number(output, "lines in log file\\s+(\\d+)")).isEqualTo(confirmed);
        assertThat(Files.readAllLines(logFile, StandardCharsets.UTF_8)).hasSize((int) confirmed);
        assertThat(output)
                .containsPattern("log file\\s+" + Pattern.quote(logFile.toString()))
                .containsPattern("processes\\s+" + processes + " started, all stopped")
                .as("the console collector's coloured stream").contains("\u001b[");
    }

    /**
     * One run of demo.sh: started, then watched until the demo application logs, when the processes
     * it started (its descendants) are noted, so that the test can check afterwards that none is left.
     */
    private static final class DemoRun {
        private final Process process;
        private final Path output;
        private final List<ProcessHandle> started;

        private DemoRun(Process process, Path output, List<ProcessHandle> started) {
            this.process = process;
            this.output = output;
            this.started = started;
        }

        static DemoRun start(ProcessBuilder builder, Path dir) throws IOException, InterruptedException {
            Path output = dir.resolve("demo.out");
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .failFast("demo.sh exited before the demo application logged", () -> !process.isAlive())
                        .untilAsserted(() -> assertThat(Files.readString(output)).as("demo.sh's output").contains("logcast demo: logging for"));
            } catch (RuntimeException | AssertionError notStarted) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the demo application did not start:\n" + Files.readString(output), notStarted);
            }
            return new DemoRun(process, output, process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList());
        }

        long pid() {
            return process.pid();
        }

        String awaitExit(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("demo.sh still running after " + timeout.toSeconds() + " s:\n" + Files.readString(output));
            }
            return Files.readString(output);
        }

        int exitCode() {
            return process.exitValue();
        }

        List<String> stillRunning() {
            return started.stream().filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        }
    }

    private ProcessBuilder demoSh(Path logFile, String duration) {
        // demo.sh gets SIGINT as from a terminal, even when the build runs in the background
        ProcessBuilder builder = new ProcessBuilder(TerminalSignals.withCtrlC(List.of("bash", ROOT.resolve("demo.sh").toString())))
                .directory(ROOT.toFile());
        builder.environment().putAll(Map.of(
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
