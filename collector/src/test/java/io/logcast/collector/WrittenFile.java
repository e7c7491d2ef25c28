package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.awaitility.core.ConditionFactory;

/** Waits on a file that a daemon writes; a wait that times out fails and says what the file held. */
final class WrittenFile {

    private WrittenFile() {
    }

    /** Waits until {@code file} holds at least {@code count} lines. */
    static void awaitLines(Path file, int count, Duration timeout) {
        waiting(timeout).untilAsserted(() -> assertThat(text(file).lines().count()).as("lines in %s", file).isGreaterThanOrEqualTo(count));
    }

    /** Waits until {@code file} holds at least {@code bytes} bytes. */
    static void awaitSize(Path file, long bytes, Duration timeout) {
        waiting(timeout).untilAsserted(() ->
                assertThat(Files.exists(file) ? Files.size(file) : 0).as("bytes in %s", file).isGreaterThanOrEqualTo(bytes));
    }

    /** Waits until {@code file} contains {@code text}. */
    static void awaitText(Path file, String text, Duration timeout) {
        waiting(timeout).untilAsserted(() -> assertThat(text(file).contains(text)).as("'%s' in %s", text, file).isTrue());
    }

    /** Waits until the last bytes of {@code file} are {@code ending} (read from the end: the file may be large). */
    static void awaitEnding(Path file, String ending, Duration timeout) {
        waiting(timeout).untilAsserted(() -> assertThat(endsWith(file, ending)).as("%s ending with '%s'", file, ending).isTrue());
    }

    static boolean endsWith(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            if (size < expected.length) {
                return false;
            }
            byte[] tail = new byte[expected.length];
            in.seek(size - expected.length);
            in.readFully(tail);
            return Arrays.equals(tail, expected);
        }
    }

    /** The file as written so far; a character torn by a write in progress reads as U+FFFD, not as an exception. */
    private static String text(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    private static ConditionFactory waiting(Duration timeout) {
        return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
