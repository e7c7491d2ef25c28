package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateHistoryTest {

    private static final long T0 = 1_800_000_000_000L;

    @Test
    void countsPerLevelInTenSecondBucketsOldestFirst() {
        RateHistory rates = new RateHistory();
        rates.record("INFO", T0);
        rates.record("INFO", T0 + 9_999);
        rates.record("ERROR", T0 + 10_000);
        rates.record("WARN", T0 + 25_000);
        RateHistory.Snapshot snapshot = rates.snapshot(T0 + 25_000);
        int info = EventQuery.LEVELS.indexOf("INFO");
        int warn = EventQuery.LEVELS.indexOf("WARN");
        int error = EventQuery.LEVELS.indexOf("ERROR");
        int last = RateHistory.BUCKETS - 1;
        assertThat(snapshot.firstBucket()).isEqualTo(T0 + 20_000 - (RateHistory.BUCKETS - 1) * 10_000L);
        assertThat(snapshot.counts()[info][last - 2]).isEqualTo(2);
        assertThat(snapshot.counts()[error][last - 1]).isEqualTo(1);
        assertThat(snapshot.counts()[warn][last]).isEqualTo(1);
        assertThat(total(snapshot)).isEqualTo(4);
    }

    @Test
    void forgetsWhatIsOlderThanFifteenMinutes() {
        RateHistory rates = new RateHistory();
        rates.record("INFO", T0);
        rates.record("INFO", T0 + 60_000);
        assertThat(total(rates.snapshot(T0 + 899_999))).isEqualTo(2);
        assertThat(total(rates.snapshot(T0 + 900_000))).isEqualTo(1);
        assertThat(total(rates.snapshot(T0 + 3_600_000))).isZero();
        rates.record("DEBUG", T0 + 3_600_000);
        assertThat(total(rates.snapshot(T0 + 3_600_000))).isEqualTo(1);
    }

    @Test
    void anEventFromBeforeTheChartAfterTheClockWasSetBackIsNotCounted() {
        RateHistory rates = new RateHistory();
        rates.record("INFO", T0 + 3_600_000);
        rates.record("INFO", T0);
        assertThat(total(rates.snapshot(T0 + 3_600_000))).isEqualTo(1);
    }

    private static long total(RateHistory.Snapshot snapshot) {
        long total = 0;
        for (long[] level : snapshot.counts()) {
            for (long count : level) {
                total += count;
            }
        }
        return total;
    }
}
