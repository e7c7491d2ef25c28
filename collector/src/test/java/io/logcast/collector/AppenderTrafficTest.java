package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class AppenderTrafficTest {

    /** Everything the issue asks to be exact, one field per column; Logback appends the stack trace. */
    static final String PATTERN = "%level|%logger|%thread|%msg|%mdc%n";
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};

    @Test
    void tenThousandEventsArriveInTheFileExactlyOnceInOrderWithLevelLoggerThreadMessageMdcAndExceptionChain(
            TestBroker broker, @TempDir Path dir) throws Exception {
        WireMessages wire = new WireMessages("shop", "host-7");
        List<LoggingEvent> events = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            events.add(wire.event(LEVELS[i % 5], "com.shop.service.Service" + (i % 7), "worker-" + (i % 5),
                    "order {} shipped to \"{}\" \u00fc\u00f1\u00ee", new Object[] {i, "Z\u00fcrich"},
                    Map.of("order", Integer.toString(i), "user", "u" + (i % 3)), i % 100 == 0 ? failure(i) : null));
        }
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();
            for (LoggingEvent event : events) {
                wire.publish(exchange.channel, exchange.name, event);
            }
            String expected = wire.render(PATTERN, events);
            awaitSize(file, expected.getBytes(StandardCharsets.UTF_8).length, Duration.ofSeconds(60));

            Texts.assertSameText(Files.readString(file), expected);
            assertThat(expected).contains("Caused by: java.io.UncheckedIOException: disk full on /var/100",
                    "Suppressed: java.lang.IllegalArgumentException: rollback 100", "... 2 common frames omitted");
        }
    }

    /** A chain with a cause of a cause and a suppressed exception, sharing frames with their parents. */
    static Throwable failure(int i) {
        StackTraceElement main = WireMessages.frame("com.shop.Main", "main", 10);
        StackTraceElement run = WireMessages.frame("com.shop.Worker", "run", 42);
        RuntimeException root = new IllegalStateException("root cause " + i);
        root.setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Disk", "write", 7), run, main});
        UncheckedIOException io = new UncheckedIOException("disk full on /var/" + i, new IOException("ENOSPC", root));
        io.getCause().setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Disk", "flush", 9), run, main});
        io.setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Orders", "ship", 120), run, main});
        RuntimeException top = new RuntimeException("cannot ship order " + i, io);
        top.setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Orders", "handle", 88), run, main});
        IllegalArgumentException suppressed = new IllegalArgumentException("rollback " + i);
        suppressed.setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Tx", "rollback", 5), run, main});
        top.addSuppressed(suppressed);
        return top;
    }

    static void awaitSize(Path file, long size, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (!Files.exists(file) || Files.size(file) < size)) {
            Thread.sleep(20);
        }
    }
}
