package io.logcast.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.LoggerContext;

import com.rabbitmq.client.AMQP;

import io.logcast.collector.account.DeliveryAccounting;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.account.Gap;
import io.logcast.collector.amqp.Delivery;
import io.logcast.collector.decode.EventDecoder;
import io.logcast.collector.decode.RemoteEvent;
import io.logcast.collector.sink.DiskSink;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkContext;
import io.logcast.collector.sink.TerminalSafeEncoder;
import io.logcast.collector.sink.WrittenFile;
import io.logcast.core.WireContract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decode, admit, journal, sink: one message at a time, as the consuming thread hands them over. */
class MessagePipelineTest {

    private final List<Gap> gaps = new ArrayList<>();
    private final DeliveryAccounting accounting = new DeliveryAccounting(gaps::add);

    @Test
    void eachMessagesEventsReachTheSinkOnceAndGapsAreTold() {
        List<String> written = new ArrayList<>();
        MessagePipeline pipeline = new MessagePipeline(accounting, new Sink(event -> written.add(event.getFormattedMessage()), null));

        pipeline.handle(delivery("p1", 1, "one", false));
        pipeline.handle(delivery("p1", 1, "one again", true));
        pipeline.handle(delivery("p1", 3, "three", false));
        pipeline.handle(new Delivery(null, "info: a tutorial client's".getBytes(StandardCharsets.UTF_8), false));

        assertThat(written).containsExactly("one", "three", "info: a tutorial client's");
        assertThat(gaps).containsExactly(new Gap("p1", null, 2, 2));
    }

    @Test
    void aRedeliveredEventThatAKilledPredecessorWroteWithoutRecordingIsNotWrittenAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        WrittenFile writtenFile = textFile(file);
        // the predecessor wrote "one" and "two", recorded only "one", and was killed
        try (DeliveryJournal journal = DeliveryJournal.open(file, new DeliveryAccounting(gap -> { }))) {
            MessagePipeline before = new MessagePipeline(new EventDecoder(), new DeliveryAccounting(gap -> { }), appendingTo(writtenFile), journal);
            before.handle(delivery("p1", 1, "one", false));
            before.beforeAcknowledging();
            before.handle(delivery("p1", 2, "two", false));
        }
        Files.writeString(file.resolveSibling("app.log.journal"), "p1 1 1\n@ 4\n");

        try (DeliveryJournal journal = DeliveryJournal.open(file, accounting)) {
            MessagePipeline after = new MessagePipeline(accounting, appendingTo(writtenFile), journal);
            after.handle(delivery("p1", 2, "two", true));
            after.handle(delivery("p1", 3, "three", false));
            after.beforeAcknowledging();
        }

        assertThat(Files.readString(file)).isEqualTo("one\ntwo\nthree\n");
        assertThat(accounting.counts().duplicatesSuppressed()).isEqualTo(1);
        assertThat(Files.readAllLines(file.resolveSibling("app.log.journal"))).containsExactly("p1 1 1", "@ 4", "p1 2 1", "p1 3 1", "@ 14");
    }

    @Test
    void aMessageReReadFromAStreamThatAKilledPredecessorWroteWithoutRecordingIsNotWrittenAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        WrittenFile writtenFile = textFile(file);
        // the predecessor wrote offsets 7 and 8, recorded only 7, and was killed: the stream gives 8 again, not redelivered
        Files.writeString(file, "seven\neight\n");
        Files.writeString(file.resolveSibling("app.log.journal"), "p1 7 1\n@stream archive 7\n@ 6\n");

        try (DeliveryJournal journal = DeliveryJournal.open(file, accounting)) {
            assertThat(journal.streamOffset("archive")).hasValue(7);
            MessagePipeline after = new MessagePipeline(accounting, appendingTo(writtenFile), journal);
            after.handle(streamDelivery(delivery("p1", 8, "eight", false), 8));
            after.handle(streamDelivery(delivery("p1", 9, "nine", false), 9));
            after.beforeAcknowledging();
        }

        assertThat(Files.readString(file)).isEqualTo("seven\neight\nnine\n");
        assertThat(accounting.counts().duplicatesSuppressed()).isEqualTo(1);
    }

    @Test
    void theDiskSinkWritesTheEventsOfAnAcknowledgementInOneGoBeforeTheJournalRecordsTheFilesLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        SinkContext sink = new DiskSink().file(file.toFile()).pattern("%msg%n").start();
        try (DeliveryJournal journal = DeliveryJournal.open(file, accounting)) {
            MessagePipeline pipeline = new MessagePipeline(accounting, sink, journal);
            pipeline.handle(delivery("p1", 1, "one", false));
            pipeline.handle(delivery("p1", 2, "two", false));

            assertThat(Files.size(file)).as("buffered until the acknowledgement").isZero();

            pipeline.beforeAcknowledging();

            assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
            assertThat(Files.readAllLines(file.resolveSibling("app.log.journal"))).containsExactly("@ 0", "p1 1 1", "p1 2 1", "@ 8");
        } finally {
            sink.close();
        }
    }

    private static WrittenFile textFile(Path file) {
        TerminalSafeEncoder encoder = new TerminalSafeEncoder();
        encoder.setContext(new LoggerContext());
        encoder.setPattern("%msg%n");
        encoder.start();
        return new WrittenFile(file, encoder);
    }

    /** A sink that appends each event, rendered, to the written file. */
    private static Sink appendingTo(WrittenFile writtenFile) {
        return new Sink(event -> {
            try {
                Files.write(writtenFile.path(), writtenFile.render(event), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writtenFile);
    }

    private static Delivery delivery(String producer, long seq, String text, boolean redelivered) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(Map.of(WireContract.HEADER_PRODUCER, producer, WireContract.HEADER_SEQ, seq)).build();
        return new Delivery(properties, text.getBytes(StandardCharsets.UTF_8), redelivered);
    }

    private static Delivery streamDelivery(Delivery delivery, long offset) {
        return new Delivery(delivery.properties(), delivery.body(), false, offset);
    }

    private record Sink(java.util.function.Consumer<RemoteEvent> target, WrittenFile file) implements EventSink {
        @Override
        public void append(RemoteEvent event) {
            target.accept(event);
        }

        @Override
        public Optional<WrittenFile> writtenFile() {
            return Optional.ofNullable(file);
        }

        @Override
        public void close() {
        }
    }
}
