package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LinesApplication} in a JVM of its own, as an application using the appender runs:
 * a logback.xml with one RabbitMQAppender and a shutdown hook, a classpath and an environment
 * the test chooses.
 */
final class ApplicationJvm {

    private final Path dir;
    private final List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    private String encoder = "";
    private boolean posixLocale;

    ApplicationJvm(Path dir) {
        this.dir = dir;
    }

    /** Replaces the test's own classpath. */
    ApplicationJvm classpath(List<String> entries) {
        classpath.clear();
        classpath.addAll(entries);
        return this;
    }

    /** The appender's {@code <encoder>} element, in full; none: the default. */
    ApplicationJvm encoder(String element) {
        this.encoder = element;
        return this;
    }

    /** Runs it as in a container or a systemd unit without {@code LANG}: {@code LC_ALL=POSIX}, no other locale variable. */
    ApplicationJvm posixLocale() {
        this.posixLocale = true;
        return this;
    }

    /** Logs {@code lines} to {@code exchange} at {@code uri}, and exits; returns what it printed, after checking it exited 0. */
    String logLines(String uri, String exchange, List<String> lines) throws IOException, InterruptedException {
        Path input = dir.resolve("lines.txt");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, String.join("\n",
                "<configuration>",
                "  <shutdownHook/>",
                "  <appender name=\"RABBITMQ\" class=\"io.logcast.appender.RabbitMQAppender\">",
                "    <uri>" + uri + "</uri>",
                "    <exchange>" + exchange + "</exchange>",
                "    <application>lines-app</application>",
                "    " + encoder,
                "  </appender>",
                "  <root level=\"INFO\">",
                "    <appender-ref ref=\"RABBITMQ\"/>",
                "  </root>",
                "</configuration>"), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dlogback.configurationFile=" + config, "-cp", String.join(File.pathSeparator, classpath),
                LinesApplication.class.getName(), input.toString()).redirectErrorStream(true);
        if (posixLocale) {
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_"));
            environment.put("LC_ALL", "POSIX");
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application did not exit within 60 s");
        }
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }
}
