package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

@RealBroker
class ConsoleSafetyTest {

    private static final String PATTERN = "%highlight(%level) %logger [%thread] %msg %mdc%n";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0;39m";

    @Test
    void eventContentNeverPutsAControlCharacterOnTheTerminalOnlyThePrintersOwnColours(TestBroker broker) throws Exception {
        WireMessages wire = new WireMessages("shop", "host-1");
        IllegalStateException failure = new IllegalStateException("boom\u001b[5m", new IOException("\u009d8;;http://evil\u009c"));
        failure.setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Orders", "handle", 88)});
        failure.getCause().setStackTrace(new StackTraceElement[] {WireMessages.frame("com.shop.Disk", "write", 7)});
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("k\u001b", "v\u001b[0m");
        LoggingEvent event = wire.event(Level.WARN, "com.evil\u001b[31mRED", "t\u0007bell\u009b2J",
                "clear\u001b[2J title\u001b]0;pwned\u0007 dcs\u001bP+q\u001b\\ cr\r del\u007f c1\u0085 nul\u0000 tab\tnewline\nnext",
                null, mdc, failure);

        // no queue cap here: the cap is proven on RabbitMQ (DaemonTopologyTest); on the embedded Qpid it is unproven
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess coloured = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--color", "always", "--pattern", PATTERN, "--max-queue-length", "0");
             DaemonProcess piped = DaemonProcess.start("console", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--pattern", PATTERN, "--max-queue-length", "0")) {
            coloured.awaitConsuming();
            piped.awaitConsuming();
            wire.publish(exchange.channel, exchange.name, event);

            String text = "com.evil\\x1B[31mRED [t\\x07bell\\x9B2J] "
                    + "clear\\x1B[2J title\\x1B]0;pwned\\x07 dcs\\x1BP+q\\x1B\\ cr\\x0D del\\x7F c1\\x85 nul\\x00 tab\tnewline\nnext "
                    + "k\\x1B=v\\x1B[0m\n"
                    + "java.lang.IllegalStateException: boom\\x1B[5m\n"
                    + "\tat com.shop.Orders.handle(Orders.java:88)\n"
                    + "Caused by: java.io.IOException: \\x9D8;;http://evil\\x9C\n"
                    + "\tat com.shop.Disk.write(Disk.java:7)\n";
            coloured.awaitStdout("Disk.java:7", 1, Duration.ofSeconds(30));
            piped.awaitStdout("Disk.java:7", 1, Duration.ofSeconds(30));

            assertThat(coloured.stdout()).isEqualTo(RED + "WARN" + RESET + " " + text);
            assertThat(piped.stdout()).as("no colour when stdout is not a terminal").isEqualTo("WARN " + text);
            String withoutOwnColours = coloured.stdout().replace(RED, "").replace(RESET, "");
            assertThat(withoutOwnColours.chars()).noneMatch(c -> (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f));
        }
    }
}
