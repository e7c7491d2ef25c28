package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private final RecordedStatus app = new RecordedStatus();
    private final Counters counters = new Counters();
    private final EventBuffer buffer = new EventBuffer(100);

    @Test
    void withoutBatchingEachMessageTakesOneEvent() {
        BatchAssembler batches = assembler(BatchLimits.NONE);
        offer("a", "b");

        assertThat(messages(batches.next(() -> false))).containsExactly("a");
        assertThat(messages(batches.next(() -> false))).containsExactly("b");
        assertThat(batches.next(() -> false)).isNull();
        assertThat(buffer.depth()).as("slots are freed by confirms, not here").isEqualTo(2);
    }

    @Test
    void aBatchTakesTheWaitingEventsUpToMaxEvents() {
        BatchAssembler batches = assembler(new BatchLimits(3, 1_000, 0));
        offer("a", "b", "c", "d");

        BatchAssembler.Batch first = batches.next(() -> false);
        assertThat(messages(first)).containsExactly("a", "b", "c");
        assertThat(bodies(first)).containsExactly("a\n", "b\n", "c\n");
        assertThat(messages(batches.next(() -> false))).containsExactly("d");
    }

    @Test
    void theEventThatWouldOverflowMaxBytesStartsTheNextBatch() {
        BatchAssembler batches = assembler(new BatchLimits(100, 6, 0)); // "a\n" is 2 bytes: three fit
        offer("a", "b", "c", "d", "e");

        assertThat(messages(batches.next(() -> false))).containsExactly("a", "b", "c");
        assertThat(messages(batches.next(() -> false))).containsExactly("d", "e");
    }

    @Test
    void anEventLargerThanMaxBytesGoesAlone() {
        BatchAssembler batches = assembler(new BatchLimits(100, 6, 0));
        offer("a", "much too long", "b");

        assertThat(messages(batches.next(() -> false))).containsExactly("a");
        assertThat(messages(batches.next(() -> false))).containsExactly("much too long");
        assertThat(messages(batches.next(() -> false))).containsExactly("b");
    }

    @Test
    void itLingersForMoreEventsUpToTheLingerTime() throws Exception {
        BatchAssembler batches = assembler(new BatchLimits(10, 1_000, TimeUnit.MILLISECONDS.toNanos(300)));
        buffer.consumerIs(Thread.currentThread());
        offer("first");
        Thread caller = new Thread(() -> offer("second", "third"));

        caller.start();
        long start = System.nanoTime();
        BatchAssembler.Batch batch = batches.next(() -> false);
        caller.join();

        assertThat(messages(batch)).containsExactly("first", "second", "third");
        assertThat(System.nanoTime() - start).as("waited the whole linger time for more").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void itDoesNotLingerWhenHurried() {
        BatchAssembler batches = assembler(new BatchLimits(10, 1_000, TimeUnit.SECONDS.toNanos(30)));
        offer("only");

        long start = System.nanoTime();
        assertThat(messages(batches.next(() -> true))).containsExactly("only");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void anEventTheEncoderRejectsIsSkippedCountedAndFreesItsSlot() {
        BatchAssembler batches = assembler(new BatchLimits(10, 1_000, 0));
        offer("a", "poison", "b");

        assertThat(messages(batches.next(() -> false))).containsExactly("a", "b");
        assertThat(counters.unencodable.get()).isEqualTo(1);
        assertThat(buffer.depth()).isEqualTo(2);
        assertThat(app.at(ch.qos.logback.core.status.Status.ERROR)).containsExactly(
                "RabbitMQAppender [unit]: the encoder failed on an event from logger app.orders; such events are skipped (UnencodableCount)");
    }

    private BatchAssembler assembler(BatchLimits limits) {
        PatternLayoutEncoder pattern = new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                if (event.getFormattedMessage().equals("poison")) {
                    throw new IllegalStateException("cannot encode this one");
                }
                return super.encode(event);
            }
        };
        pattern.setContext(app.context);
        pattern.setPattern("%msg%n");
        pattern.start();
        EventEncoder encoder = new EventEncoder(pattern, new CredentialMask(List.of()), new Truncation(pattern, 1 << 20), counters, app.reporter);
        return new BatchAssembler(buffer, encoder, limits);
    }

    private void offer(String... messages) {
        for (String message : messages) {
            assertThat(buffer.tryReserve()).isTrue();
            buffer.addReserved(app.event(message));
        }
    }

    private static List<String> messages(BatchAssembler.Batch batch) {
        return batch.events.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    private static List<String> bodies(BatchAssembler.Batch batch) {
        return batch.bodies.stream().map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }
}
