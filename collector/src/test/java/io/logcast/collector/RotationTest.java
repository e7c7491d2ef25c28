package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealBroker
class RotationTest {

    private static final Pattern ROLLED = Pattern.compile("logcast\\.\\d{4}-\\d{2}-\\d{2}\\.(\\d+)\\.log\\.gz");

    @Test
    void filesRollAtMaxFileSizeAreGzippedAndTogetherHoldExactlyTheEventsSent(TestBroker broker, @TempDir Path dir) throws Exception {
        StringBuilder sent = new StringBuilder();
        try (TestExchange exchange = TestExchange.create(broker);
             DaemonProcess disk = DaemonProcess.start("disk", "--uri", broker.uri(), "--exchange", exchange.name,
                     "--file", dir.resolve("logcast.log").toString(), "--max-file-size", "1MB", "--pattern", "%msg%n")) {
            disk.awaitConsuming();
            for (int i = 1; i <= 5 * 1024; i++) {
                String event = String.format("event %05d ", i) + "y".repeat(1011);
                exchange.publishText(event);
                sent.append(event).append('\n');
            }
            // events are written in order: once the last one is in the active file, all are written
            WrittenFile.awaitText(dir.resolve("logcast.log"), "event 05120 ", Duration.ofSeconds(60));
            disk.terminate();
            assertThat(disk.awaitExit(Duration.ofSeconds(30))).isZero();
        }

        List<Path> rolled;
        try (Stream<Path> files = Files.list(dir)) {
            rolled = files.filter(file -> ROLLED.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(RotationTest::index))
                    .collect(Collectors.toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("only the active file, its journal and gzipped rolled files")
                    .allMatch(name -> name.equals("logcast.log") || name.equals("logcast.log.journal") || ROLLED.matcher(name).matches());
        }
        // Logback counts the bytes it writes and rolls when a write crosses 1 MB: 5 MB make 4 or 5 rolled files
        assertThat(rolled).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rolled).allMatch(file -> file.toFile().length() < 1024 * 1024, "compressed");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path file : rolled) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                in.transferTo(all);
            }
        }
        all.write(Files.readAllBytes(dir.resolve("logcast.log")));
        Texts.assertSameText(all.toString(StandardCharsets.UTF_8), sent.toString());
    }

    private static int index(Path file) {
        Matcher matcher = ROLLED.matcher(file.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
