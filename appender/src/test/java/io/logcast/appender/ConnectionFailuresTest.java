package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;

import ch.qos.logback.core.status.Status;

import io.logcast.core.Backoff;

import org.junit.jupiter.api.Test;

class ConnectionFailuresTest {

    private final RecordedStatus app = new RecordedStatus();
    private final ConnectionFailures failures = new ConnectionFailures(new Backoff(100, 400), "user 'guest' at h:5672 vhost '/'", app.reporter);

    @Test
    void aKindOfFailureIsSaidOnceAndEachLaterAttemptIsAnInfoLineWithItsNumberAndDelay() {
        assertThat(failures.failed(new ConnectException("Connection refused"))).isEqualTo(100);
        assertThat(failures.failed(new ConnectException("Connection refused"))).isEqualTo(200);
        assertThat(failures.failed(new ConnectException("Connection refused"))).isEqualTo(400);
        assertThat(failures.failed(new ConnectException("Connection refused"))).isEqualTo(400);

        assertThat(app.warnings()).containsExactly("RabbitMQAppender [unit]: cannot connect to user 'guest' at h:5672 vhost '/'"
                + " (Connection refused); retrying with backoff, events are buffered");
        assertThat(app.at(Status.INFO)).containsExactly(
                "RabbitMQAppender [unit]: connection attempt 2 failed (Connection refused); next in 200 ms",
                "RabbitMQAppender [unit]: connection attempt 3 failed (Connection refused); next in 400 ms",
                "RabbitMQAppender [unit]: connection attempt 4 failed (Connection refused); next in 400 ms");
    }

    @Test
    void anotherKindOfFailureIsSaidAgainAndAConnectionStartsOver() {
        failures.failed(new ConnectException("Connection refused"));
        failures.failed(new java.io.IOException("wrapped", new UnknownHostException("nowhere.invalid")));
        failures.connected();

        assertThat(failures.failed(new ConnectException("Connection refused"))).isEqualTo(100);
        assertThat(app.at(Status.ERROR)).containsExactly("RabbitMQAppender [unit]: unknown host: cannot resolve the broker's host"
                + " (user 'guest' at h:5672 vhost '/'); check uri or addresses");
        assertThat(app.warnings()).hasSize(2);
    }
}
