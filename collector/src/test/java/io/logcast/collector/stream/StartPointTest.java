package io.logcast.collector.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;

class StartPointTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00.250Z");

    @Test
    void namedPointsAndOffsetsBecomeTheBrokersOwnArguments() {
        assertThat(StartPoint.parse("first", NOW).consumerArgument()).isEqualTo("first");
        assertThat(StartPoint.parse("LAST", NOW).consumerArgument()).isEqualTo("last");
        assertThat(StartPoint.parse(" next ", NOW).consumerArgument()).isEqualTo("next");
        StartPoint offset = StartPoint.parse("12345", NOW);
        assertThat(offset.kind()).isEqualTo(StartPoint.Kind.OFFSET);
        assertThat(offset.consumerArgument()).isEqualTo(12345L);
        assertThat(offset.notBeforeMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(offset).hasToString("offset 12345");
    }

    @Test
    void aDurationMeansThatLongAgoAndAttachesTheClockMarginEarlierInWholeSeconds() {
        StartPoint fifteenMinutes = StartPoint.parse("15m", NOW);
        assertThat(fifteenMinutes.kind()).isEqualTo(StartPoint.Kind.TIME);
        assertThat(fifteenMinutes.notBeforeMillis()).isEqualTo(Instant.parse("2026-12-03T07:45:00.250Z").toEpochMilli());
        assertThat(fifteenMinutes.consumerArgument()).isEqualTo(Date.from(Instant.parse("2026-12-03T07:44:00Z")));
        assertThat(fifteenMinutes).hasToString("15m ago (2026-12-03T07:45:00.250Z)");
        assertThat(StartPoint.parse("2h", NOW).notBeforeMillis()).isEqualTo(Instant.parse("2026-12-03T06:00:00.250Z").toEpochMilli());
        assertThat(StartPoint.parse("1d", NOW).notBeforeMillis()).isEqualTo(Instant.parse("2026-12-02T08:00:00.250Z").toEpochMilli());
        assertThat(StartPoint.parse("1h30m", NOW).notBeforeMillis()).isEqualTo(Instant.parse("2026-12-03T06:30:00.250Z").toEpochMilli());
        assertThat(StartPoint.parse("90s", NOW).notBeforeMillis()).isEqualTo(Instant.parse("2026-12-03T07:58:30.250Z").toEpochMilli());
    }

    @Test
    void aTimeNeedsItsZoneAndKeepsItsMilliseconds() {
        StartPoint utc = StartPoint.parse("2026-12-03T07:00:00Z", NOW);
        assertThat(utc.notBeforeMillis()).isEqualTo(Instant.parse("2026-12-03T07:00:00Z").toEpochMilli());
        assertThat(utc.consumerArgument()).isEqualTo(Date.from(Instant.parse("2026-12-03T06:59:00Z")));
        assertThat(utc).hasToString("2026-12-03T07:00:00Z");
        assertThat(StartPoint.parse("2026-12-03T08:00:00.500+01:00", NOW).notBeforeMillis())
                .isEqualTo(Instant.parse("2026-12-03T07:00:00.500Z").toEpochMilli());
    }

    @Test
    void anythingElseIsRefusedWithWhatIsAccepted() {
        for (String bad : new String[] {"2026-12-03T07:00:00", "15 minutes", "-5", "yesterday", "15M", "", "99999999999999999999"}) {
            assertThatThrownBy(() -> StartPoint.parse(bad, NOW)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("must be first, last, next, an offset (12345), a time with its zone (2026-12-03T07:00:00Z) "
                            + "or a duration ago (15m, 2h, 1d), not '" + bad + "'");
        }
    }
}
