package io.logcast.collector.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;

import com.rabbitmq.client.ShutdownSignalException;

import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aConnectionLostWithoutACloseFromTheBrokerIsDescribedByItsCause() {
        // what amqp-client raises when the TCP connection is cut: a signal with no Close method, the I/O error as cause
        ShutdownSignalException lost = new ShutdownSignalException(true, false, null, null);
        lost.initCause(new SocketException("Connection reset"));

        assertThat(Failures.describe(lost)).isEqualTo("Connection reset");
        assertThat(Failures.serverReply(lost)).isEqualTo("Connection reset");
        assertThat(Failures.describe(new java.io.IOException("wrapped", lost))).isEqualTo("Connection reset");
    }

    @Test
    void aSignalWithNeitherCloseNorCauseIsDescribedByItsMessage() {
        ShutdownSignalException lost = new ShutdownSignalException(true, false, null, null);

        assertThat(Failures.describe(lost)).isEqualTo(lost.getMessage());
    }
}
