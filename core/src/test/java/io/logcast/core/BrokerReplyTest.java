package io.logcast.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

import org.junit.jupiter.api.Test;

class BrokerReplyTest {

    @Test
    void aConnectionLostWithoutACloseFromTheBrokerIsDescribedByItsCause() {
        // what amqp-client raises when the TCP connection is cut: a signal with no Close method, the I/O error as cause
        ShutdownSignalException lost = new ShutdownSignalException(true, false, null, null);
        lost.initCause(new SocketException("Connection reset"));

        assertThat(BrokerReply.describe(lost)).isEqualTo("Connection reset");
        assertThat(BrokerReply.describe(new IOException("wrapped", lost))).isEqualTo("Connection reset");
        assertThat(BrokerReply.code(lost)).isZero();
    }

    @Test
    void aSignalWithNeitherCloseNorCauseIsDescribedByItsMessage() {
        ShutdownSignalException lost = new ShutdownSignalException(true, false, null, null);

        assertThat(BrokerReply.describe(lost)).isEqualTo(lost.getMessage());
    }

    @Test
    void aChannelClosedByTheBrokerIsDescribedByItsReplyCodeAndText() {
        AMQP.Channel.Close close = new AMQP.Channel.Close.Builder().replyCode(406)
                .replyText("PRECONDITION_FAILED - inequivalent arg 'durable' for exchange 'logs' in vhost '/'").build();
        IOException refused = new IOException(new ShutdownSignalException(false, false, close, null));

        assertThat(BrokerReply.code(refused)).isEqualTo(406);
        assertThat(BrokerReply.text(refused)).startsWith("PRECONDITION_FAILED");
        assertThat(BrokerReply.describe(refused))
                .isEqualTo("406 PRECONDITION_FAILED - inequivalent arg 'durable' for exchange 'logs' in vhost '/'");
    }

    @Test
    void aConnectionClosedByTheBrokerIsDescribedByItsReplyCodeAndText() {
        AMQP.Connection.Close close = new AMQP.Connection.Close.Builder().replyCode(320)
                .replyText("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'").build();

        assertThat(BrokerReply.describe(new ShutdownSignalException(true, true, close, null)))
                .isEqualTo("320 CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
    }

    @Test
    void theInnermostCauseSaysWhyAnAttemptFailed() {
        assertThat(BrokerReply.describe(new IOException("outer", new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
        assertThat(BrokerReply.describe(new IOException(new UnknownHostException("broker.invalid"))))
                .isEqualTo("unknown host broker.invalid");
        assertThat(BrokerReply.describe(new java.util.concurrent.TimeoutException())).isEqualTo("no AMQP answer in time");
        assertThat(BrokerReply.describe(null)).isEqualTo("closed");
    }

    @Test
    void aPeerThatAcceptsAndNeverAnswersIsNoAmqpAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Throwable failure = connectionFailure(silent.getLocalPort(), 1_000);

            assertThat(BrokerReply.describeConnectFailure(failure, 1_000)).isEqualTo("no AMQP answer within 1 s");
        }
    }

    @Test
    void anHttpServerIsNamedAsOneNotAsAFrameSize() throws Exception {
        try (Peer http = Peer.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            Throwable failure = connectionFailure(http.port(), 2_000);

            assertThat(BrokerReply.describeConnectFailure(failure, 2_000)).isEqualTo("an HTTP server answered, not an AMQP 0-9-1 broker");
        }
    }

    @Test
    void anAmqp10PeerAndOtherBytesAreNamedAsNotAmqp091() throws Exception {
        try (Peer amqp10 = Peer.answering(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
             Peer other = Peer.answering("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII))) {
            assertThat(BrokerReply.describe(connectionFailure(amqp10.port(), 2_000))).isEqualTo("the peer speaks AMQP 1.0, not AMQP 0-9-1");
            assertThat(BrokerReply.describe(connectionFailure(other.port(), 2_000))).isEqualTo("the peer does not speak AMQP 0-9-1");
        }
    }

    @Test
    void aPeerThatClosesAtOnceIsSaidToHaveClosedTheConnection() throws Exception {
        try (Peer closing = Peer.answering(new byte[0])) {
            assertThat(BrokerReply.describe(connectionFailure(closing.port(), 2_000))).isEqualTo("connection closed by the peer");
        }
    }

    private static Throwable connectionFailure(int port, int timeoutMillis) {
        ConnectionFactory factory = ConnectionFactories.create(BrokerUri.parse("amqp://guest:guest@127.0.0.1:" + port + "/%2F"), null, timeoutMillis);
        Throwable failure = catchThrowable(() -> factory.newConnection().close());
        assertThat(failure).as("a connection to a peer that is no broker").isNotNull();
        return failure;
    }

    /** A local TCP server that reads the client's protocol header, answers {@code reply} and closes. */
    private static final class Peer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        private Peer(ServerSocket server, byte[] reply) {
            this.server = server;
            this.thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept()) {
                        client.getInputStream().readNBytes(8);
                        client.getOutputStream().write(reply);
                        client.getOutputStream().flush();
                        client.shutdownOutput();
                        client.getInputStream().readAllBytes();
                    } catch (IOException closed) {
                        // the server or the client went away
                    }
                }
            }, "peer");
            thread.setDaemon(true);
            thread.start();
        }

        static Peer answering(byte[] reply) throws IOException {
            return new Peer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), reply);
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
