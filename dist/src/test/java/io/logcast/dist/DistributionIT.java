package io.logcast.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive as a user installs it: unpacked with {@code tar} into a temporary directory, its
 * launcher run as real processes against the test broker, stopped with real signals.
 */
@RealBroker
class DistributionIT {

    private static final String VERSION = System.getProperty("logcast.dist.version");
    private static final int EVENTS = 20;

    @TempDir
    static Path unpacked;
    private static Path home;
    private static Path launcher;

    @TempDir
    Path work;
    private final String producer = "dist-it-" + UUID.randomUUID();
    private TestBroker broker;
    private Connection connection;
    private Channel channel;
    private String exchange;

    @BeforeAll
    static void unpackTheArchive() throws Exception {
        Path archive = Path.of(System.getProperty("logcast.dist.archive"));
        LaunchedProcess tar = LaunchedProcess.run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()),
                unpacked, Map.of());
        assertThat(tar.exitCode()).as(tar.stderr()).isZero();
        home = unpacked.resolve("logcast-" + VERSION);
        launcher = home.resolve("bin/logcast-collector");
    }

    @BeforeEach
    void declareAnExchangeOfThisTest(TestBroker broker) throws Exception {
        this.broker = broker;
        connection = broker.newConnection("logcast-dist-it");
        channel = connection.createChannel();
        exchange = Queues.uniqueExchange("logcast-dist-it");
        Queues.declareTutorialExchange(channel, exchange);
    }

    @AfterEach
    void deleteIt() throws Exception {
        try {
            channel.exchangeDelete(exchange);
        } finally {
            connection.abort();
        }
    }

    @Test
    void theArchiveHoldsAnExecutableLauncherTheCollectorWithItsRuntimeJarsAndNoTestJar() throws IOException {
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        List<String> jars = fileNames(home.resolve("lib"));
        assertThat(jars).contains("logcast-collector-" + VERSION + ".jar")
                .anyMatch(jar -> jar.startsWith("amqp-client-"))
                .anyMatch(jar -> jar.startsWith("logback-classic-"))
                .noneMatch(jar -> jar.matches("(junit|assertj|awaitility|logcast-test-support|qpid|logcast-embedded-broker).*"));
        assertThat(fileNames(home.resolve("conf"))).containsExactly("console.xml", "disk.xml", "jvm.options", "logcast.env");
        assertThat(fileNames(home.resolve("systemd"))).containsExactly("logcast-console@.service", "logcast-disk.service");
        assertThat(Files.readString(home.resolve("README"))).contains("Version " + VERSION + ".");
    }

    @Test
    void versionPrintsTheCollectorsVersionAndExits0() throws Exception {
        LaunchedProcess version = run(List.of(launcher.toString(), "--version"), javaHome());

        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).isEqualTo("logcast-collector " + VERSION + "\n");
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    void logcastCdsMakesAClassDataArchiveThatTheLauncherThenUses() throws Exception {
        Path archive = home.resolve("lib/logcast-collector.jsa");
        try {
            LaunchedProcess cds = run(List.of(home.resolve("bin/logcast-cds").toString()), javaHome());

            assertThat(cds.exitCode()).as(cds.stderr()).isZero();
            assertThat(cds.stdout()).isEqualTo("logcast-cds: wrote " + archive.toRealPath() + "\n");
            assertThat(cds.stderr()).isEmpty();
            // -Xshare:on: the JVM refuses to start unless it maps the archive it is given
            Map<String, String> shareOn = javaHome();
            shareOn.put("LOGCAST_JAVA_OPTS", "-Xshare:on");
            try (LaunchedProcess disk = start(shareOn, "disk", "--uri", broker.uri(), "--exchange", exchange,
                    "--file", work.resolve("app.log").toString())) {
                long consumingAfter = awaitConsuming(disk);
                System.out.println("[logcast-dist] disk with the class data archive: consuming " + consumingAfter
                        + " ms after the launcher started");
                disk.signal("TERM");
                assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    @Test
    void aBadOptionIsOneLineOnStderrAndExit2() throws Exception {
        LaunchedProcess bad = run(List.of(launcher.toString(), "disk", "--no-such-option"), javaHome());

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderrLines()).singleElement().asString()
                .startsWith("logcast-collector: Unknown option: '--no-such-option'");
    }

    @Test
    void diskWritesEveryEventAndOnSigtermAcknowledgesAndExits0WithTheDeliverySummary() throws Exception {
        Path file = work.resolve("logs/app.log");
        try (LaunchedProcess disk = start(javaHome(), "disk", "--uri", broker.uri(), "--exchange", exchange,
                "--file", file.toString(), "--pattern", "%level %app %logger - %msg%n")) {
            long consumingAfter = awaitConsuming(disk);
            System.out.println("[logcast-dist] disk: consuming " + consumingAfter + " ms after the launcher started");
            // exec: the process the signal goes to is the JVM itself, not a shell waiting for it
            assertThat(disk.executable().toString()).endsWith("/bin/java");

            publishEvents();
            await("the file's " + EVENTS + " lines").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(file) && Files.readAllLines(file).size() >= EVENTS);
            disk.signal("TERM");

            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(Files.readAllLines(file)).isEqualTo(expectedLines("%s dist-it io.logcast.dist.it - event %02d"));
            assertThat(disk.stderrLines()).hasSize(2);
            assertThat(disk.stderrLines().get(1)).isEqualTo(summary());
            assertThat(disk.stdout()).isEmpty();
        }
    }

    @Test
    void consolePrintsEveryEventAndOnSigtermExits0WithTheDeliverySummary() throws Exception {
        try (LaunchedProcess console = start(javaHome(), "console", "--uri", broker.uri(), "--exchange", exchange,
                "--color", "never", "--pattern", "%-5level [%app] %msg%n")) {
            long consumingAfter = awaitConsuming(console);
            System.out.println("[logcast-dist] console: consuming " + consumingAfter + " ms after the launcher started");

            publishEvents();
            await("the console's " + EVENTS + " lines").atMost(Duration.ofSeconds(30))
                    .until(() -> console.stdoutLines().size() >= EVENTS);
            console.signal("TERM");

            assertThat(console.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(console.stdoutLines()).isEqualTo(expectedLines("%-5s [dist-it] event %02d"));
            List<String> stderr = console.stderrLines();
            if (broker.isRabbitMQ()) {
                assertThat(stderr).hasSize(2);
            } else {
                // Qpid knows no x-max-length: the console says so once and goes on without a cap
                assertThat(stderr).hasSize(3);
                assertThat(stderr.get(0)).startsWith("logcast-collector: the broker refused the default queue cap ");
            }
            assertThat(stderr.get(stderr.size() - 2)).startsWith("logcast-collector: consuming from exchange ");
            assertThat(stderr.get(stderr.size() - 1)).isEqualTo(summary());
        }
    }

    @Test
    void withTheLaunchersHeapAWholePrefetchOfMegabyteMessagesAndTheBrokersLargestMessageAreWrittenThenTheHeapShrinksBack() throws Exception {
        Path file = work.resolve("logs/large.log");
        int burst = 300;
        // the largest message each broker takes by default: RabbitMQ 3.x 128 MiB, the embedded Qpid Broker-J 100 MiB
        String large = "L".repeat((broker.isRabbitMQ() ? 127 : 99) << 20);
        try (LaunchedProcess disk = start(javaHome(), "disk", "--uri", broker.uri(), "--exchange", exchange,
                "--file", file.toString(), "--max-file-size", "1GB", "--pattern", "%level %msg%n")) {
            awaitConsuming(disk);
            // stopped while the burst is published: when it goes on, the broker sends a whole prefetch (250) at once
            disk.signal("STOP");
            for (int seq = 1; seq <= burst; seq++) {
                publish("INFO", seq, megabyteMessage(seq));
            }
            disk.signal("CONT");
            publish("WARN", burst + 1, large);
            publish("INFO", burst + 2, "the event after it");

            long expectedBytes = burst * (5L + (1 << 20) + 1) + 5 + large.length() + 1 + "INFO the event after it\n".length();
            await("the file's " + expectedBytes + " bytes").atMost(Duration.ofSeconds(120))
                    .failFast("the daemon exited", () -> !disk.isAlive())
                    .until(() -> Files.exists(file) && Files.size(file) >= expectedBytes);
            // the heap grew several times the large message's size; once idle the daemon gives it back
            await("the daemon's resident memory under 128 MB").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> disk.residentKilobytes() < 128 * 1024);
            disk.signal("TERM");
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(disk.stderrLines()).as(disk.stderr()).hasSize(2);
            assertThat(disk.stderrLines().get(1)).startsWith("logcast-collector: delivery summary: " + (burst + 2) + " messages, "
                    + (burst + 2) + " events written (0 without producer/seq), 0 duplicates suppressed, 0 gaps reported");
        }
        try (Stream<String> lines = Files.lines(file)) {
            List<String> written = lines.collect(Collectors.toList());
            assertThat(written).hasSize(burst + 2);
            for (int seq = 1; seq <= burst; seq++) {
                assertThat(written.get(seq - 1)).as("line %d", seq).isEqualTo("INFO " + megabyteMessage(seq));
            }
            assertThat(written.get(burst)).isEqualTo("WARN " + large);
            assertThat(written.get(burst + 1)).isEqualTo("INFO the event after it");
        }
    }

    /** 1 MiB of text, the appender's largest message by default, numbered. */
    private static String megabyteMessage(int seq) {
        String number = String.format("%05d ", seq);
        return number + "m".repeat((1 << 20) - number.length());
    }

    @Test
    void logcastJavaOptsComeAfterTheDefaultsSoTheyAddToThemAndOverrideThem() throws Exception {
        Map<String, String> environment = javaHome();
        environment.put("LOGCAST_JAVA_OPTS", "-Xmx200m -XX:+PrintFlagsFinal");
        LaunchedProcess flags = run(List.of(launcher.toString(), "--version"), environment);

        assertThat(flags.exitCode()).isZero();
        Map<String, String> values = flags.stdoutLines().stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(words -> words.length >= 4 && words[2].equals("="))
                .collect(Collectors.toMap(words -> words[1], words -> words[3], (a, b) -> a));
        assertThat(values.get("MaxHeapSize")).as("LOGCAST_JAVA_OPTS wins").isEqualTo(Long.toString(200L * 1024 * 1024));
        assertThat(values.get("UseSerialGC")).as("conf/jvm.options applies").isEqualTo("true");
        assertThat(values.get("MaxHeapFreeRatio")).as("conf/jvm.options applies").isEqualTo("40");
        assertThat(flags.stdoutLines()).last().isEqualTo("logcast-collector " + VERSION);
    }

    @Test
    void aSymlinkToTheLauncherRunsItFromAnyWorkingDirectoryWithTheJavaOnThePath() throws Exception {
        // /usr/local/bin/logcast-collector -> ../links/logcast-collector -> <home>/bin/logcast-collector
        Path bin = Files.createDirectories(work.resolve("usr/local/bin"));
        Path links = Files.createDirectories(work.resolve("usr/local/links"));
        Files.createSymbolicLink(links.resolve("logcast-collector"), launcher);
        Files.createSymbolicLink(bin.resolve("logcast-collector"), Path.of("../links/logcast-collector"));
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", null);
        environment.put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");

        // as a shell runs a command found on the PATH
        LaunchedProcess version = LaunchedProcess.run(List.of("/bin/sh", "-c", "logcast-collector --version"), elsewhere, environment);

        assertThat(version.stderr()).isEmpty();
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).isEqualTo("logcast-collector " + VERSION + "\n");
    }

    @Test
    void aJavaOlderThan17IsOneLineAndExit4() throws Exception {
        Path oldJava = Files.createDirectories(work.resolve("jdk-11/bin")).resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        oldJava.toFile().setExecutable(true);

        LaunchedProcess old = run(List.of(launcher.toString(), "--version"), Map.of("JAVA_HOME", work.resolve("jdk-11").toString()));

        assertThat(old.exitCode()).isEqualTo(4);
        assertThat(old.stdout()).isEmpty();
        assertThat(old.stderrLines()).containsExactly("logcast-collector: " + oldJava + " is Java 11.0.22; logcast needs "
                + "Java 17 or later: install one, or set JAVA_HOME to one");
    }

    @Test
    void noJavaIsOneLineAndExit4() throws Exception {
        // a PATH with the tools the launcher uses, and no java
        Path tools = Files.createDirectories(work.resolve("tools"));
        for (String tool : List.of("sed", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool));
        }
        Map<String, String> withoutJava = new HashMap<>();
        withoutJava.put("JAVA_HOME", null);
        withoutJava.put("PATH", tools.toString());
        Map<String, String> missingHome = Map.of("JAVA_HOME", work.resolve("no-such-jdk").toString());

        LaunchedProcess none = run(List.of(launcher.toString(), "disk"), withoutJava);
        LaunchedProcess wrongHome = run(List.of(launcher.toString(), "disk"), missingHome);

        assertThat(none.exitCode()).isEqualTo(4);
        assertThat(none.stderrLines()).containsExactly("logcast-collector: no java on the PATH and JAVA_HOME is not set: "
                + "install Java 17 or later, or set JAVA_HOME to one");
        assertThat(wrongHome.exitCode()).isEqualTo(4);
        assertThat(wrongHome.stderrLines()).containsExactly("logcast-collector: JAVA_HOME is " + work.resolve("no-such-jdk")
                + ", which has no bin/java: set JAVA_HOME to a Java 17 or later, or unset it to use the java on the PATH");
    }

    @Test
    void theExampleDiskConfigurationWritesEveryEventAndTheProblemsApartUnderTheLogsDirectory() throws Exception {
        Map<String, String> environment = javaHome();
        environment.put("LOGS_DIRECTORY", work.toString()); // what systemd's LogsDirectory= sets
        try (LaunchedProcess disk = start(environment, "disk", "--uri", broker.uri(), "--exchange", exchange,
                "--config", home.resolve("conf/disk.xml").toString())) {
            awaitConsuming(disk);
            publishEvents();
            Path events = work.resolve("events.log");
            await("events.log's " + EVENTS + " lines").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(events) && Files.readAllLines(events).size() >= EVENTS);
            disk.signal("TERM");
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();

            String line = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z %-5s dist-it web-1 \\[worker-1\\] io\\.logcast\\.dist\\.it - event %02d";
            assertLinesMatch(Files.readAllLines(events), expectedLines(line));
            assertLinesMatch(Files.readAllLines(work.resolve("problems.log")),
                    expectedLines(line).stream().filter(regex -> regex.contains(" WARN ")).collect(Collectors.toList()));
        }
    }

    @Test
    void theExampleConsoleConfigurationPrintsInfoAndAboveInShortLines() throws Exception {
        try (LaunchedProcess console = start(javaHome(), "console", "--uri", broker.uri(), "--exchange", exchange,
                "--config", home.resolve("conf/console.xml").toString())) {
            awaitConsuming(console);
            publish("DEBUG", 1, "not shown: below INFO");
            publish("INFO", 2, "shown \u001b[2J with its escape escaped");
            await("the console's line").atMost(Duration.ofSeconds(30)).until(() -> console.stdoutLines().size() >= 1);
            console.signal("TERM");
            assertThat(console.awaitExit(Duration.ofSeconds(30))).isZero();

            assertLinesMatch(console.stdoutLines(),
                    List.of("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  dist-it@web-1 io.logcast.dist.it - shown \\\\x1B\\[2J with its escape escaped"));
        }
    }

    private static void assertLinesMatch(List<String> lines, List<String> regexes) {
        assertThat(lines).hasSameSizeAs(regexes);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d", i + 1).matches(regexes.get(i));
        }
    }

    /** Events 1..EVENTS, every fifth a WARN, as an application's appender would send them (text bodies). */
    private void publishEvents() throws IOException {
        for (int seq = 1; seq <= EVENTS; seq++) {
            publish(level(seq), seq, String.format("event %02d", seq));
        }
    }

    private void publish(String level, long seq, String body) throws IOException {
        Map<String, Object> headers = new HashMap<>();
        headers.put("level", level);
        headers.put("logger", "io.logcast.dist.it");
        headers.put("thread", "worker-1");
        headers.put("app", "dist-it");
        headers.put("host", "web-1");
        headers.put("producer", producer);
        headers.put("seq", seq);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("text/plain; charset=utf-8").headers(headers).build();
        channel.basicPublish(exchange, "", properties, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String level(int seq) {
        return seq % 5 == 0 ? "WARN" : "INFO";
    }

    /** The lines of events 1..EVENTS: {@code format} takes the level and the number. */
    private static List<String> expectedLines(String format) {
        List<String> lines = new ArrayList<>();
        for (int seq = 1; seq <= EVENTS; seq++) {
            lines.add(String.format(format, level(seq), seq));
        }
        return lines;
    }

    private static String summary() {
        return "logcast-collector: delivery summary: " + EVENTS + " messages, " + EVENTS + " events written (0 without producer/seq), "
                + "0 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, 0 beyond the duplicate window";
    }

    /** Waits for the daemon's line that it consumes; checks it names the exchange and hides the password. Returns ms since start. */
    private long awaitConsuming(LaunchedProcess daemon) {
        long after = daemon.awaitStderr("consuming from exchange", Duration.ofSeconds(60));
        String line = daemon.stderrLines().stream().filter(said -> said.contains("consuming from exchange")).findFirst().orElseThrow();
        assertThat(line).startsWith("logcast-collector: consuming from exchange '" + exchange + "' through queue ");
        String userInfo = URI.create(broker.uri()).getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            assertThat(line).doesNotContain(userInfo);
        }
        return after;
    }

    private LaunchedProcess start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return LaunchedProcess.start(command, work, environment);
    }

    private LaunchedProcess run(List<String> command, Map<String, String> environment) throws Exception {
        return LaunchedProcess.run(command, work, environment);
    }

    /** JAVA_HOME is the JVM running the tests: the launcher runs a known Java 17+. */
    private static Map<String, String> javaHome() {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return environment;
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
