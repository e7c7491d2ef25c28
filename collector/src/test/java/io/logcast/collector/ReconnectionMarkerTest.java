package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** Where events may be missing after a lost connection, the console prints one line that says so. */
@RealBroker
class ReconnectionMarkerTest {

    @Test
    void afterACutTheConsolePrintsOneMarkerBetweenTheEventsBeforeAndAfter(TestBroker broker) throws Exception {
        try (TestExchange exchange = TestExchange.create(broker);
             TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
             DaemonProcess console = DaemonProcess.start("console", "--uri", proxy.rewrite(broker.uri()), "--exchange", exchange.name,
                     "--color", "never", "--pattern", "%msg%n", "--max-reconnect-delay", "1")) {
            console.awaitConsuming();
            exchange.publishText("before");
            console.awaitStdout("before\n", 1, Duration.ofSeconds(30));

            proxy.cut();
            console.awaitStderr("reconnected to ", Duration.ofSeconds(30));
            exchange.publishText("after");
            console.awaitStdout("after\n", 1, Duration.ofSeconds(30));

            List<String> shown = List.of(console.stdout().split("\n"));
            assertThat(shown).hasSize(3);
            assertThat(shown.get(0)).isEqualTo("before");
            assertThat(shown.get(1)).matches("^----- \\d\\d:\\d\\d:\\d\\d\\.\\d{3} logcast: reconnected after the connection was lost "
                    + "\\(.+\\); events may have been missed here -----$");
            assertThat(shown.get(2)).isEqualTo("after");
        }
    }
}
