package io.logcast.collector.web;

import static io.logcast.collector.web.FeedEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.logcast.collector.account.Gap;

import org.junit.jupiter.api.Test;

class EventQueryTest {

    private static final long NOW = 1_800_000_000_000L;

    private static EventQuery parse(Map<String, String> parameters) {
        return EventQuery.parse(parameters::get, NOW, 1000);
    }

    @Test
    void parsesEveryParameter() {
        EventQuery query = parse(Map.of("from", "2026-01-31T07:00:00Z", "after", "12", "level", "warn", "app", "shop",
                "logger", "com.shop", "q", "TimeOut", "limit", "50"));
        assertThat(query).isEqualTo(new EventQuery(1_769_842_800_000L, 12, "WARN", "shop", "com.shop", "timeout", 50));
    }

    @Test
    void fromTakesEpochMillisOrADurationAgo() {
        assertThat(parse(Map.of("from", "1769842800000")).from()).isEqualTo(1_769_842_800_000L);
        assertThat(parse(Map.of("from", "30s")).from()).isEqualTo(NOW - 30_000);
        assertThat(parse(Map.of("from", "15m")).from()).isEqualTo(NOW - 900_000);
        assertThat(parse(Map.of("from", "2h")).from()).isEqualTo(NOW - 7_200_000);
        assertThat(parse(Map.of("from", "1d")).from()).isEqualTo(NOW - 86_400_000);
    }

    @Test
    void absentParametersSelectEverythingUpToTheMaximum() {
        assertThat(parse(Map.of())).isEqualTo(new EventQuery(0, 0, null, null, null, null, 1000));
        assertThat(parse(Map.of("level", " ", "q", ""))).isEqualTo(new EventQuery(0, 0, null, null, null, null, 1000));
    }

    @Test
    void badValuesAreRefusedWithTheParameterNamed() {
        assertThatThrownBy(() -> parse(Map.of("level", "LOUD")))
                .hasMessage("level must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        assertThatThrownBy(() -> parse(Map.of("from", "yesterday")))
                .hasMessage("from must be a time (2026-01-31T07:00:00Z), epoch milliseconds or a duration ago (30s, 15m, 2h, 1d)");
        assertThatThrownBy(() -> parse(Map.of("limit", "1001"))).hasMessage("limit must be a whole number from 1 to 1000");
        assertThatThrownBy(() -> parse(Map.of("limit", "0"))).hasMessage("limit must be a whole number from 1 to 1000");
        assertThatThrownBy(() -> parse(Map.of("after", "-1"))).hasMessage("after must be a whole number from 0 to 9223372036854775807");
    }

    @Test
    void theLevelIsAThreshold() {
        EventQuery warn = new EventQuery(0, 0, "WARN", null, null, null, 10);
        assertThat(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"))
                .filteredOn(level -> warn.matches(entry(1, 1000, level)))
                .containsExactly("WARN", "ERROR");
    }

    @Test
    void appIsExactAndLoggerIsAPrefix() {
        FeedEntry event = entry(1, FeedEntries.event(1000, "INFO", "shop", "com.shop.Orders", "placed"));
        assertThat(new EventQuery(0, 0, null, "shop", null, null, 10).matches(event)).isTrue();
        assertThat(new EventQuery(0, 0, null, "sho", null, null, 10).matches(event)).isFalse();
        assertThat(new EventQuery(0, 0, null, null, "com.shop", null, 10).matches(event)).isTrue();
        assertThat(new EventQuery(0, 0, null, null, "shop", null, 10).matches(event)).isFalse();
    }

    @Test
    void freeTextIgnoresCaseAndLooksInEveryField() {
        WebEvent event = new WebEvent(1000, "INFO", "shop", "host-7", "worker-3", "com.shop.Orders", "Order placed",
                Map.of("requestId", "req-42"), Map.of("amount", "54.67"), List.of("java.io.IOException: disk full"),
                "java.io.IOException: disk full\n\tat com.shop.Disk.write(Disk.java:7)\n");
        FeedEntry entry = entry(1, event);
        for (String text : List.of("order placed", "host-7", "worker-3", "com.shop", "requestid", "req-42", "54.67",
                "disk.java:7", "shop")) {
            assertThat(new EventQuery(0, 0, null, null, null, text, 10).matches(entry)).as(text).isTrue();
        }
        assertThat(new EventQuery(0, 0, null, null, null, "refund", 10).matches(entry)).isFalse();
    }

    @Test
    void markersPassEveryFilterButTimeAndId() {
        FeedEntry gap = entry(5, Marker.gap(2000, new Gap("p-1", "shop", 3, 4)));
        assertThat(new EventQuery(0, 0, "ERROR", "other", "org.x", "nothing like it", 10).matches(gap)).isTrue();
        assertThat(new EventQuery(2001, 0, null, null, null, null, 10).matches(gap)).isFalse();
        assertThat(new EventQuery(0, 5, null, null, null, null, 10).matches(gap)).isFalse();
    }
}
