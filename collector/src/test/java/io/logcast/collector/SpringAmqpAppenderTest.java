package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.logback.AmqpAppender;

/**
 * Spring AMQP's Logback AmqpAppender, still on services of a team moving to logcast: its text messages
 * name the logger in {@code categoryName}, the place in {@code location}, and carry the time to the
 * millisecond only in the text ({@code timestamp} has whole seconds).
 */
@RealBroker
class SpringAmqpAppenderTest {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %level [%thread] %logger %app %class.%method:%line - %msg%n";

    @Test
    void itsEventsAreWrittenWithTheirLoggerLevelThreadPlaceAndMillisecondTime(TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", file.toString(), "--pattern", PATTERN)) {
            disk.awaitConsuming();
            ListAppender<ILoggingEvent> logged = new ListAppender<>();
            logged.setContext(context);
            logged.start();
            AmqpAppender spring = springAppender(context, broker.uri(), exchange.name);
            Logger logger = context.getLogger("com.shop.Payments");
            logger.addAppender(logged);
            logger.addAppender(spring);

            Thread thread = new Thread(() -> logger.warn("refund {} refused", "R-17"), "http-7");
            thread.start();
            thread.join();

            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.readString(file).contains("refused"));
            context.stop();
            ILoggingEvent event = logged.list.get(0);
            StackTraceElement caller = event.getCallerData()[0];
            String time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochMilli(event.getTimeStamp()));
            String body = layout(context, "%d %p %t [%c] - <%m>").doLayout(event);
            assertThat(Files.readString(file)).isEqualTo(time + " WARN [http-7] com.shop.Payments shop " + caller.getClassName() + "."
                    + caller.getMethodName() + ":" + caller.getLineNumber() + " - " + body + "\n");
        }
    }

    /** Configured as Spring AMQP's reference documentation shows it, on a fanout exchange. */
    private static AmqpAppender springAppender(LoggerContext context, String uri, String exchange) {
        AmqpAppender spring = new AmqpAppender();
        spring.setContext(context);
        spring.setName("spring-amqp");
        spring.setUri(URI.create(uri));
        spring.setExchangeName(exchange);
        spring.setExchangeType("fanout");
        spring.setDeclareExchange(false);
        spring.setApplicationId("shop");
        spring.setIncludeCallerData(true);
        spring.setCharset("UTF-8");
        spring.setLayout(layout(context, "%d %p %t [%c] - <%m>%n"));
        spring.start();
        return spring;
    }

    private static PatternLayout layout(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
