package io.logcast.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;

import com.rabbitmq.client.AMQP;
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
        assertThat(BrokerReply.describe(new java.util.concurrent.TimeoutException())).isEqualTo("TimeoutException");
        assertThat(BrokerReply.describe(null)).isEqualTo("closed");
    }
}
