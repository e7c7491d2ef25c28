package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no broker, or a hung one, an application in its own JVM configures Logback,
 * logs 100,000 events without any call taking long, and its JVM exits promptly afterwards.
 */
@RealBroker
class NeverBlocksTest {

    private static final long MAX_CALL_MICROS = 500_000;
    private static final long MAX_EXIT_MILLIS = 3_000;
    private static final Pattern MEASURED = Pattern.compile("(\\w+)=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void neverBlocksNorDelaysStartupWhenNothingListensOnThePort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = runApplication(closedPort);

        assertApplicationWasNeverHeldUp(run);
    }

    @Test
    void neverBlocksNorDelaysStartupWhenTheBrokerAcceptsConnectionsButNeverAnswers(TestBroker broker) throws Exception {
        try (TcpProxy hung = TcpProxy.to(broker.host(), broker.port())) {
            hung.blackHole();
            Run run = runApplication(hung.port());

            assertApplicationWasNeverHeldUp(run);
            assertThat(hung.openConnections()).as("the application's appender did connect to the hung broker").isPositive();
        }
    }

    private static void assertApplicationWasNeverHeldUp(Run run) {
        System.out.println("[never-blocks] " + run.measured + " exit_after_last_call_ms=" + run.exitMillis);
        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.measured.get("max_call_us")).as("slowest log call, us").isLessThan(MAX_CALL_MICROS);
        assertThat(run.measured.get("configure_ms")).as("Logback configuration, ms").isLessThan(10_000L);
        // never connected: everything beyond the buffer was dropped, counted exactly
        assertThat(run.measured.get("dropped")).isEqualTo((long) NeverBlocksApplication.EVENTS - 8192);
        assertThat(run.exitMillis).as("JVM exit after the last log call, ms").isLessThan(MAX_EXIT_MILLIS);
    }

    private Run runApplication(int port) throws IOException, InterruptedException {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, String.join("\n",
                "<configuration>",
                "  <shutdownHook/>",
                "  <appender name=\"RABBITMQ\" class=\"io.logcast.appender.RabbitMQAppender\">",
                "    <uri>amqp://guest:guest@127.0.0.1:" + port + "/%2F</uri>",
                // A start() that waited for the hung broker would take 20 s; the exit is bounded by the grace period.
                "    <connectTimeout>20 seconds</connectTimeout>",
                "    <shutdownGracePeriod>1 second</shutdownGracePeriod>",
                "  </appender>",
                "  <root level=\"INFO\">",
                "    <appender-ref ref=\"RABBITMQ\"/>",
                "  </root>",
                "</configuration>"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dlogback.configurationFile=" + config,
                "-cp", System.getProperty("java.class.path"),
                NeverBlocksApplication.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Map<String, Long> measured = new HashMap<>();
        long lastCallDone = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("LAST-CALL-DONE")) {
                    lastCallDone = System.nanoTime();
                    break;
                }
                output.append(line).append('\n');
                if (line.startsWith("configure_ms=")) {
                    Matcher matcher = MEASURED.matcher(line);
                    while (matcher.find()) {
                        measured.put(matcher.group(1), Long.parseLong(matcher.group(2)));
                    }
                }
            }
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            long exitMillis = (System.nanoTime() - lastCallDone) / 1_000_000L;
            if (!exited) {
                process.destroyForcibly();
                throw new AssertionError("the application did not exit within 60 s:\n" + output);
            }
            reader.lines().forEach(rest -> output.append(rest).append('\n'));
            if (lastCallDone == 0) {
                throw new AssertionError("the application never finished logging:\n" + output);
            }
            return new Run(process.exitValue(), measured, exitMillis, output.toString());
        }
    }

    private static final class Run {
        final int exitCode;
        final Map<String, Long> measured;
        final long exitMillis;
        final String output;

        Run(int exitCode, Map<String, Long> measured, long exitMillis, String output) {
            this.exitCode = exitCode;
            this.measured = measured;
            this.exitMillis = exitMillis;
            this.output = output;
        }
    }
}
