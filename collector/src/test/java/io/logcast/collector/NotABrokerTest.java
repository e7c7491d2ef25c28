package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a daemon says, and how fast it stops, when what answers at the broker's address is no AMQP
 * broker: a peer that accepts and stays silent, an HTTP server.
 */
class NotABrokerTest {

    @Test
    void aPeerThatAcceptsAndNeverAnswersIsNoAmqpAnswerWithin5Seconds(@TempDir Path dir) throws Exception {
        try (TcpPeer silent = TcpPeer.silent();
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", silent.uri(), "--file", dir.resolve("x.log").toString())) {
            String line = disk.awaitStderr("cannot connect", Duration.ofSeconds(30));

            assertThat(line).isEqualTo("logcast-collector: cannot connect to amqp://guest:****@127.0.0.1:" + silent.port()
                    + "/%2F (no AMQP answer within 5 s); attempt 1, retrying in 1 s");
        }
    }

    @Test
    void anHttpServerIsSaidToBeOneAndNotAnAmqpBroker(@TempDir Path dir) throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TcpPeer server = TcpPeer.answering(http);
             DaemonProcess console = DaemonProcess.start("console", "--uri", server.uri())) {
            String line = console.awaitStderr("cannot connect", Duration.ofSeconds(30));

            assertThat(line).isEqualTo("logcast-collector: cannot connect to amqp://guest:****@127.0.0.1:" + server.port()
                    + "/%2F (an HTTP server answered, not an AMQP 0-9-1 broker); attempt 1, retrying in 1 s");
        }
    }

    @Test
    void sigtermDuringAConnectionAttemptExits0WithinASecondWithTheSummaryOnly(@TempDir Path dir) throws Exception {
        try (TcpPeer silent = TcpPeer.silent();
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", silent.uri(), "--file", dir.resolve("x.log").toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> silent.accepted() == 1);

            disk.terminate();

            assertThat(disk.awaitExit(Duration.ofSeconds(1))).isZero();
            assertThat(disk.stderrLines()).containsExactly("logcast-collector: delivery summary: 0 messages, 0 events written "
                    + "(0 without producer/seq), 0 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, "
                    + "0 beyond the duplicate window");
        }
    }
}
