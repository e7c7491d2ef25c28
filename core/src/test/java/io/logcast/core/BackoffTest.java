package io.logcast.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCapAndCountFailures() {
        Backoff backoff = new Backoff(1_000, 5_000);

        assertThat(new long[] {backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()})
                .containsExactly(1_000, 2_000, 4_000, 5_000, 5_000);
        assertThat(backoff.failures()).isEqualTo(5);
    }

    @Test
    void aSuccessStartsOver() {
        Backoff backoff = new Backoff(100, 30_000);
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(100);
    }

    @Test
    void aCapBelowTheFirstDelayIsRefused() {
        assertThatThrownBy(() -> new Backoff(1_000, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(0, 500)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waitsReadInWholeOrTenthsOfSeconds() {
        assertThat(Backoff.seconds(2_000)).isEqualTo("2 s");
        assertThat(Backoff.seconds(2_500)).isEqualTo("2.5 s");
    }
}
