package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.logcast.appender.RabbitMQAppender;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

@RealBroker
class AppenderTrafficTest {

    /** Everything the issue asks to be exact, one field per column; Logback appends the stack trace. */
    static final String PATTERN = "%level|%logger|%thread|%msg|%mdc%n";
    private static final org.slf4j.event.Level[] LEVELS = {org.slf4j.event.Level.TRACE, org.slf4j.event.Level.DEBUG,
        org.slf4j.event.Level.INFO, org.slf4j.event.Level.WARN, org.slf4j.event.Level.ERROR};

    @Test
    void tenThousandEventsFromTheAppenderArriveInTheFileExactlyOnceInOrderWithLevelLoggerThreadMessageMdcAndExceptionChain(
            TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();

            LoggerContext application = new LoggerContext();
            application.setName("shop");
            application.setMDCAdapter(MDC.getMDCAdapter());
            RabbitMQAppender appender = new RabbitMQAppender();
            appender.setContext(application);
            appender.setName("rabbitmq");
            appender.setUri(broker.uri());
            appender.setExchange(exchange.name);
            appender.setApplication("shop");
            // exactly once needs no drops: on a busy shared broker the log call may wait for room instead
            appender.setAppendTimeout(ch.qos.logback.core.util.Duration.buildBySeconds(60));
            appender.start();
            ListAppender<ILoggingEvent> logged = new ListAppender<>();
            logged.setContext(application);
            logged.start();
            Logger root = application.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.TRACE);
            root.addAppender(appender);
            root.addAppender(logged);

            ExecutorService[] workers = new ExecutorService[5];
            for (int w = 0; w < workers.length; w++) {
                String name = "worker-" + w;
                workers[w] = Executors.newSingleThreadExecutor(task -> new Thread(task, name));
            }
            try {
                for (int i = 1; i <= 10_000; i++) {
                    int n = i;
                    // one event at a time, each from its worker thread: the order of the log calls is known
                    workers[i % 5].submit(() -> logOne(application, n)).get();
                }
            } finally {
                for (ExecutorService worker : workers) {
                    worker.shutdown();
                }
            }
            application.stop();

            String expected = render(application, logged.list);
            WrittenFile.awaitSize(file, expected.getBytes(StandardCharsets.UTF_8).length, Duration.ofSeconds(60));
            assertThat(logged.list).hasSize(10_000);
            Texts.assertSameText(Files.readString(file), expected);
            assertThat(expected).contains("Caused by: java.io.UncheckedIOException: disk full on /var/100",
                    "Suppressed: java.lang.IllegalArgumentException: rollback 100", "... 2 common frames omitted");
        }
    }

    private static void logOne(LoggerContext application, int i) {
        org.slf4j.Logger logger = application.getLogger("com.shop.service.Service" + (i % 7));
        MDC.put("order", Integer.toString(i));
        MDC.put("user", "u" + (i % 3));
        try {
            LoggingEventBuilder event = logger.atLevel(LEVELS[i % 5]);
            if (i % 100 == 0) {
                event = event.setCause(failure(i));
            }
            event.log("order {} shipped to \"{}\" \u00fc\u00f1\u00ee", i, "Z\u00fcrich");
        } finally {
            MDC.clear();
        }
    }

    private static String render(LoggerContext context, List<ILoggingEvent> events) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        StringBuilder text = new StringBuilder();
        events.forEach(event -> text.append(layout.doLayout(event)));
        return text.toString();
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

}
