package io.logcast.collector.web;

import static io.logcast.collector.web.FeedEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private static final EventQuery ALL = new EventQuery(0, 0, null, null, null, null, 1000);

    @Test
    void keepsTheLastNInOrderAndForgetsTheOldest() {
        RecentEvents recent = new RecentEvents(3);
        for (long id = 1; id <= 5; id++) {
            recent.add(entry(id, 1000 * id, "INFO"));
        }
        assertThat(ids(recent.after(0))).containsExactly(3L, 4L, 5L);
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.oldestId()).isEqualTo(3);
    }

    @Test
    void afterAnIdReturnsOnlyTheNewerOnes() {
        RecentEvents recent = new RecentEvents(10);
        for (long id = 1; id <= 4; id++) {
            recent.add(entry(id, 1000 * id, "INFO"));
        }
        assertThat(ids(recent.after(2))).containsExactly(3L, 4L);
        assertThat(recent.after(4)).isEmpty();
    }

    @Test
    void findReturnsTheNewestMatchesUpToTheLimitOldestFirst() {
        RecentEvents recent = new RecentEvents(10);
        String[] levels = {"DEBUG", "WARN", "INFO", "ERROR", "WARN", "DEBUG"};
        for (int i = 0; i < levels.length; i++) {
            recent.add(entry(i + 1, 1000L * (i + 1), levels[i]));
        }
        History.Found found = recent.find(new EventQuery(0, 0, "WARN", null, null, null, 2));
        assertThat(ids(found.entries())).containsExactly(4L, 5L);
        assertThat(found.source()).isEqualTo("recent");
        assertThat(found.complete()).isTrue();
    }

    @Test
    void aQueryReachingBackToForgottenItemsIsIncomplete() {
        RecentEvents recent = new RecentEvents(2);
        for (long id = 1; id <= 4; id++) {
            recent.add(entry(id, 1000 * id, "INFO"));
        }
        // items 1 and 2 (times 1000, 2000) are forgotten
        assertThat(recent.find(ALL).complete()).isFalse();
        assertThat(recent.find(new EventQuery(2000, 0, null, null, null, null, 10)).complete()).isFalse();
        assertThat(recent.find(new EventQuery(2001, 0, null, null, null, null, 10)).complete()).isTrue();
        assertThat(recent.find(new EventQuery(0, 2, null, null, null, null, 10)).complete()).isTrue();
        assertThat(ids(recent.find(ALL).entries())).containsExactly(3L, 4L);
    }

    private static List<Long> ids(List<FeedEntry> entries) {
        return entries.stream().map(FeedEntry::id).toList();
    }
}
