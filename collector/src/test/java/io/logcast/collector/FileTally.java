package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** What a disk writer's file ({@code %msg%n}, lines {@code "<app> <n>"}) holds: distinct events and duplicate lines. */
final class FileTally {

    final long lines;
    final Map<String, TreeSet<Long>> seen = new HashMap<>();

    private FileTally(List<String> content) {
        this.lines = content.size();
        for (String line : content) {
            int space = line.lastIndexOf(' ');
            seen.computeIfAbsent(line.substring(0, space), app -> new TreeSet<>()).add(Long.parseLong(line.substring(space + 1)));
        }
    }

    static FileTally of(Path file) throws IOException {
        return new FileTally(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    long distinct() {
        return seen.values().stream().mapToLong(TreeSet::size).sum();
    }

    long duplicates() {
        return lines - distinct();
    }

    /** Events {@code 1..count} of {@code app} absent from the file. */
    TreeSet<Long> missing(String app, long count) {
        TreeSet<Long> absent = new TreeSet<>();
        TreeSet<Long> present = seen.getOrDefault(app, new TreeSet<>());
        for (long n = 1; n <= count; n++) {
            if (!present.contains(n)) {
                absent.add(n);
            }
        }
        return absent;
    }

    /**
     * Waits until the file holds at least {@code distinct} distinct events, and returns what it holds then.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, with the count reached
     */
    static FileTally awaitDistinct(Path file, long distinct, Duration timeout) {
        AtomicReference<FileTally> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last.set(of(file));
            assertThat(last.get().distinct()).as("distinct events in %s", file).isGreaterThanOrEqualTo(distinct);
        });
        return last.get();
    }

    /**
     * Waits until event {@code n} of {@code app} is in the file.
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}
     */
    static void awaitEvent(Path file, String app, long n, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            TreeSet<Long> present = of(file).seen.getOrDefault(app, new TreeSet<>());
            assertThat(present.contains(n)).as("event %d of %s in %s (%d distinct events of it there)", n, app, file, present.size()).isTrue();
        });
    }

    /** One line of figures for docs/RELIABILITY.md, printed by each fault test. */
    static void report(String test, long events, long lost, long duplicated, String more) {
        System.out.println("[reliability] " + test + ": events=" + events + " lost=" + lost + " duplicated=" + duplicated
                + (more.isEmpty() ? "" : " " + more));
    }
}
