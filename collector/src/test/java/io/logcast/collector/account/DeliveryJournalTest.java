package io.logcast.collector.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import io.logcast.collector.decode.MessageHeaders;
import io.logcast.core.WireContract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file itself: what survives a torn flush, a new generation, a strange producer id. */
class DeliveryJournalTest {

    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    @Test
    void recordsReachTheFileAtAFlushWithTheFilesLengthAndAFlushTornByAKillIsCutOff(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\n");
        Path file = dir.resolve("app.log.journal");
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            // a new journal starts with the file's length: what a kill leaves before the first flush is compared with it
            assertThat(Files.readAllLines(file)).containsExactly("@ 4");
            journal.record(new DeliveryAccounting.Admission<>(List.of("one"), "p1", 1, 1));
            assertThat(Files.readAllLines(file)).containsExactly("@ 4");
            journal.flush();
            assertThat(Files.readAllLines(file)).containsExactly("@ 4", "p1 1 1", "@ 4");
            Files.writeString(log, "two\nthree\n", StandardOpenOption.APPEND);
            journal.record(new DeliveryAccounting.Admission<>(List.of("two"), "p1", 2, 1));
            journal.record(new DeliveryAccounting.Admission<>(List.of("tutorial"), null, 0, 0));
            journal.record(new DeliveryAccounting.Admission<>(List.of("three"), "p1", 3, 1));
        }
        assertThat(Files.readAllLines(file)).containsExactly("@ 4", "p1 1 1", "@ 4", "p1 2 1", "p1 3 1", "@ 14");
        // a kill in the middle of the next flush's one write
        Files.writeString(file, "p1 4 1\np1 5 1\n@ 2", StandardOpenOption.APPEND);
        Files.writeString(log, "four\nfive\n", StandardOpenOption.APPEND);

        DeliveryAccounting accounting = accounting();
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting)) {
            assertThat(journal.remembered()).isEqualTo(3);
            assertThat(journal.unrecordedBytes()).isEqualTo(10);
            assertThat(journal.writtenBeforeRecord("four\n".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(journal.writtenBeforeRecord("six\n".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(journal.unrecordedBytes()).isZero();
        }
        assertThat(Files.readAllLines(file)).containsExactly("@ 4", "p1 1 1", "@ 4", "p1 2 1", "p1 3 1", "@ 14");
        assertThat(accounting.admit(properties("p1", 3, 1), List.of("three")).events()).isEmpty();
        assertThat(accounting.admit(properties("p1", 4, 1), List.of("four")).events()).containsExactly("four");
        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void afterAGenerationOfRecordsTheJournalStartsAgainAndStillRemembersTheGenerationBefore(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "x\n");
        int perFlush = 256;
        long total = DeliveryJournal.RECORDS_PER_GENERATION + 2 * perFlush;
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            for (long seq = 1; seq <= total; seq++) {
                journal.record(new DeliveryAccounting.Admission<>(List.of("x"), "p1", seq, 1));
                if (seq % perFlush == 0) {
                    journal.flush();
                }
            }
        }
        List<String> before = Files.readAllLines(dir.resolve("app.log.journal.1"));
        assertThat(before).hasSize(1 + DeliveryJournal.RECORDS_PER_GENERATION + DeliveryJournal.RECORDS_PER_GENERATION / perFlush)
                .startsWith("@ 2", "p1 1 1").endsWith("p1 65536 1", "@ 2");
        assertThat(Files.readAllLines(dir.resolve("app.log.journal"))).hasSize(2 * perFlush + 2).endsWith("p1 " + total + " 1", "@ 2");

        DeliveryAccounting accounting = accounting();
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting)) {
            assertThat(journal.remembered()).isEqualTo(total);
        }
        assertThat(accounting.admit(properties("p1", total - ProducerWindow.SIZE + 1, 1), List.of("old")).events()).isEmpty();
        assertThat(accounting.admit(properties("p1", total, 1), List.of("last")).events()).isEmpty();
        assertThat(accounting.admit(properties("p1", total + 1, 1), List.of("new")).events()).containsExactly("new");
        assertThat(accounting.counts().summary()).isEqualTo("delivery summary: 3 messages, 1 events written (0 without producer/seq), "
                + "2 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, 0 beyond the duplicate window");
    }

    @Test
    void aProducerIdWithSpacesNewlinesAndPercentSignsIsRecordedOnOneLineAndReadBack(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "");
        String producer = "a b\nc%20d\u00e9";
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            journal.record(new DeliveryAccounting.Admission<>(List.of("x"), producer, 7, 3));
        }
        assertThat(Files.readAllLines(dir.resolve("app.log.journal"))).containsExactly("@ 0", "a+b%0Ac%2520d%C3%A9 7 3", "@ 0");
        DeliveryAccounting accounting = accounting();
        DeliveryJournal.open(log, accounting).close();
        assertThat(accounting.admit(properties(producer, 9, 1), List.of("x")).events()).isEmpty();
        assertThat(accounting.admit(properties(producer, 10, 1), List.of("y")).events()).containsExactly("y");
    }

    @Test
    void aLateArrivalOfASeqMissingBeforeTheRestartIsWrittenAndNotCountedAsLateHere(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "");
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            journal.record(new DeliveryAccounting.Admission<>(List.of("x"), "p1", 1, 1));
            journal.record(new DeliveryAccounting.Admission<>(List.of("x"), "p1", 3, 1));
        }
        DeliveryAccounting accounting = accounting();
        DeliveryJournal.open(log, accounting).close();
        assertThat(accounting.admit(properties("p1", 2, 1), List.of("two")).events()).containsExactly("two");
        assertThat(accounting.counts().summary()).isEqualTo("delivery summary: 1 messages, 1 events written (0 without producer/seq), "
                + "0 duplicates suppressed, 0 gaps reported, 0 events missing, 0 late arrivals, 0 beyond the duplicate window");
    }

    @Test
    void theStreamOffsetIsRecordedInTheFlushOfItsMessagesAndAnOffsetTornFromAFlushIsNotTaken(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "");
        Path file = dir.resolve("app.log.journal");
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            assertThat(journal.streamOffset("logs archive")).isEmpty();
            Files.writeString(log, "one\n", StandardOpenOption.APPEND);
            journal.record(new DeliveryAccounting.Admission<>(List.of("one"), "p1", 1, 1));
            journal.recordStreamOffset("logs archive", 41);
            journal.flush();
            // a tutorial message (no producer): only its offset is new
            Files.writeString(log, "two\n", StandardOpenOption.APPEND);
            journal.record(new DeliveryAccounting.Admission<>(List.of("two"), null, 0, 0));
            journal.recordStreamOffset("logs archive", 42);
            journal.flush();
            journal.flush();
        }
        assertThat(Files.readAllLines(file)).containsExactly("@ 0", "p1 1 1", "@stream logs+archive 41", "@ 4", "@stream logs+archive 42", "@ 8");
        Files.writeString(file, "@stream logs+archive 43\n@ 1", StandardOpenOption.APPEND);

        DeliveryAccounting accounting = accounting();
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting)) {
            assertThat(journal.streamOffset("logs archive")).hasValue(42);
            assertThat(journal.streamOffset("other")).isEmpty();
            assertThat(journal.recordedStreams()).containsExactly("logs archive");
            assertThat(journal.remembered()).isEqualTo(1);
        }
        assertThat(accounting.admit(properties("p1", 1, 1), List.of("one")).events()).isEmpty();
    }

    @Test
    void offsetLinesAloneRollTheJournalIntoANewGenerationAndTheLatestOffsetIsReadBack(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "");
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            for (long offset = 0; offset <= DeliveryJournal.RECORDS_PER_GENERATION; offset++) {
                journal.recordStreamOffset("s", offset);
                journal.flush();
            }
        }
        assertThat(Files.readAllLines(dir.resolve("app.log.journal.1"))).hasSize(1 + 2 * DeliveryJournal.RECORDS_PER_GENERATION)
                .endsWith("@stream s " + (DeliveryJournal.RECORDS_PER_GENERATION - 1), "@ 0");
        assertThat(Files.readAllLines(dir.resolve("app.log.journal")))
                .containsExactly("@stream s " + DeliveryJournal.RECORDS_PER_GENERATION, "@ 0");
        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            assertThat(journal.streamOffset("s")).hasValue(DeliveryJournal.RECORDS_PER_GENERATION);
        }
    }

    @Test
    void bytesAKillLeavesBeforeANewJournalsFirstFlushAreComparedNotWrittenAgain(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "old\n");
        DeliveryJournal.open(log, accounting()).close(); // opened, never flushed: the process was killed after writing
        Files.writeString(log, "one\ntwo\n", StandardOpenOption.APPEND);

        try (DeliveryJournal journal = DeliveryJournal.open(log, accounting())) {
            assertThat(journal.unrecordedBytes()).isEqualTo(8);
            assertThat(journal.writtenBeforeRecord("one\n".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(journal.writtenBeforeRecord("two\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        }
    }

    private DeliveryAccounting accounting() {
        return new DeliveryAccounting(gap -> diagnostics.writeBytes(gap.describe().getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageHeaders properties(String producer, long seq, int count) {
        Map<String, Object> headers = count > 1
                ? Map.of(WireContract.HEADER_PRODUCER, producer, WireContract.HEADER_SEQ, seq, WireContract.HEADER_EVENT_COUNT, (long) count)
                : Map.of(WireContract.HEADER_PRODUCER, producer, WireContract.HEADER_SEQ, seq);
        return MessageHeaders.of(new AMQP.BasicProperties.Builder().headers(headers).build());
    }
}
