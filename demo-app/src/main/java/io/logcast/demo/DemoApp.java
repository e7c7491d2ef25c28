package io.logcast.demo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.LoggerContext;

import io.logcast.core.BrokerUri;
import io.logcast.core.WireContract;

import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo application: a simulated web shop whose worker threads log through SLF4J, shipped to
 * RabbitMQ by the appender that {@code logback.xml} configures. At the end it stops the appender,
 * which delivers what it buffered, and prints how many events it logged and what the appender
 * published, had confirmed by the broker, and dropped.
 *
 * <p>Nothing may touch SLF4J before {@link #call()} has set the {@code logcast.*} system properties
 * that {@code logback.xml} reads: Logback configures itself on first use.
 */
@Command(name = "logcast-demo-app", mixinStandardHelpOptions = true, versionProvider = DemoApp.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Simulates a small web shop that logs through SLF4J; logback.xml ships every event to RabbitMQ.",
        subcommands = BrokerCommand.class,
        footer = {"", "Summary (stdout): '<N> events logged in ...' and 'appender RABBITMQ: <P> published, <C> confirmed, <D> dropped'."})
public final class DemoApp implements Callable<Integer> {

    /** The appender's name in logback.xml: its counters are the MBean {@code io.logcast:type=RabbitMQAppender,name=RABBITMQ}. */
    static final String APPENDER = "RABBITMQ";

    /** For picocli descriptions, which are format strings. */
    private static final String DEFAULT_URI_ESCAPED = "amqp://guest:****@localhost:5672/%%2F";

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "100",
            description = "Events per second over all threads; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
                description = "How long to log: 15s, 2m, 500ms; a bare number is seconds (default: 15s).")
        Duration duration;

        @Option(names = "--count", paramLabel = "N", description = "Log exactly N events, then stop (instead of --duration).")
        Long count;
    }

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--uri", paramLabel = "AMQP_URI", defaultValue = "${env:LOGCAST_AMQP_URI:-" + BrokerUri.DEFAULT + "}",
            description = "The broker (default: LOGCAST_AMQP_URI, else " + DEFAULT_URI_ESCAPED + ").")
    String uri;

    @Option(names = "--exchange", paramLabel = "NAME", defaultValue = WireContract.DEFAULT_EXCHANGE, description = "The exchange to publish to (default: ${DEFAULT-VALUE}).")
    String exchange;

    @Option(names = "--console", paramLabel = "LEVEL", defaultValue = "OFF",
            description = "Also print events at or above LEVEL on stderr: OFF, ERROR, WARN, INFO, DEBUG (default: ${DEFAULT-VALUE}).")
    String consoleLevel;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || rate < 0 || (length.count != null && length.count < 0)
                || (length.duration != null && length.duration.isNegative())) {
            System.err.println("logcast demo: --threads must be at least 1; --rate, --count and --duration must not be negative");
            return 2;
        }
        if (!List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(consoleLevel.toUpperCase(Locale.ROOT))) {
            System.err.println("logcast demo: --console must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, not " + consoleLevel);
            return 2;
        }
        System.setProperty("logcast.uri", uri);
        System.setProperty("logcast.exchange", exchange);
        System.setProperty("logcast.demo.console", consoleLevel.toUpperCase(Locale.ROOT));

        Duration duration = length.count == null ? (length.duration == null ? Duration.ofSeconds(15) : length.duration) : null;
        long count = length.count == null ? Long.MAX_VALUE : length.count;
        System.err.printf(Locale.ROOT, "logcast demo: logging %s at %s on %d threads to exchange '%s' at %s%n",
                duration == null ? count + (count == 1 ? " event" : " events") : "for " + duration.toMillis() / 1000.0 + " s",
                rate > 0 ? String.format(Locale.ROOT, "%.0f events/s", rate) : "full speed",
                threads, exchange, BrokerUri.mask(uri));

        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        EventSchedule schedule = new EventSchedule(count, duration, rate);
        TrafficGenerator traffic = new TrafficGenerator(schedule, threads, new SplittableRandom().nextLong());

        // SIGINT/SIGTERM: stop the workers, then let this thread drain the appender and print the summary.
        CountDownLatch summarised = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            schedule.stop();
            try {
                summarised.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);

        long started = System.nanoTime();
        try {
            long logged = traffic.run();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "logcast demo: %d events logged in %.1f s%s%n", logged, seconds,
                    schedule.isStopped() ? " (stopped early)" : "");
            System.out.flush();
            try {
                DeliveryReport report = DeliveryReport.drainAndRead(logback, APPENDER);
                System.out.printf(Locale.ROOT, "logcast demo: appender %s: %d published, %d confirmed, %d dropped%n",
                        APPENDER, report.published, report.confirmed, report.dropped);
            } catch (IllegalStateException e) {
                System.out.println("logcast demo: appender " + APPENDER + ": no counters: " + e.getMessage());
            }
            logback.stop();
            System.out.flush();
        } finally {
            summarised.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running and returns now that the summary is printed.
        }
        return 0;
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new DemoApp()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(exitCode);
    }

    /** Accepts 15s, 2m, 1h, 500ms, or a bare number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
                }
                if (v.endsWith("h")) {
                    return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3600));
                }
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 15s, 2m, 500ms");
            }
        }
    }

    /** The version from the jar's manifest (the Maven project version), else "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DemoApp.class.getPackage().getImplementationVersion();
            return new String[] {"logcast demo app " + (version == null ? "development" : version)};
        }
    }
}
