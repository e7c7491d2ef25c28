package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The disk writer's journal: what one process wrote, the next one knows, with the default text pattern. */
@RealBroker
class DiskJournalTest {

    private static final String SUMMARY_TAIL = " 0 gaps reported, 0 events missing, 0 late arrivals, 0 beyond the duplicate window";

    @Test
    void aRestartedDiskWriterRemembersWhatItWroteAndSkipsRepublishedSeqs(TestBroker broker, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        WireMessages app = new WireMessages("shop", "host-1");
        try (TestExchange exchange = TestExchange.create(broker)) {
            String[] args = {"disk", "--uri", broker.uri(), "--exchange", exchange.name, "--file", file.toString()};
            List<Message> messages = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                messages.add(Message.of(app, event(app, n)));
            }
            List<String> firstRun = run(args, file, 3, exchange, messages.subList(0, 3));
            // an appender that lost its connection publishes unconfirmed messages again: seqs 2 and 3
            try (DaemonProcess second = DaemonProcess.start(args)) {
                second.awaitConsuming();
                for (Message message : messages.subList(1, 4)) {
                    message.publish(exchange);
                }
                WrittenFile.awaitLines(file, 4, Duration.ofSeconds(60));
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isZero();

                List<String> lines = Files.readAllLines(file);
                assertThat(lines).hasSize(4).startsWith(firstRun.toArray(String[]::new));
                assertThat(lines.get(3)).endsWith(" INFO  shop host-1 [worker-4] com.shop.Orders - order 4 accepted {order=4}");
                assertThat(second.stderrLines()).contains("logcast-collector: 3 messages remembered from " + file + ".journal");
                assertThat(second.stderrLines()).as(second.stderr()).last().isEqualTo("logcast-collector: delivery summary: 3 messages, "
                        + "1 events written (0 without producer/seq), 2 duplicates suppressed," + SUMMARY_TAIL);
            }
        }
    }

    /**
     * A disk writer killed after writing {@code writtenBeforeKill} of a batch's 3 events and before
     * recording the batch in its journal: the broker redelivers the batch, and the next process writes
     * exactly the events the file does not have.
     */
    @ParameterizedTest(name = "{0} of 3 written before the kill")
    @ValueSource(ints = {0, 2, 3})
    void eventsAKilledWriterWroteButDidNotRecordAreRecognisedWhenRedelivered(int writtenBeforeKill, TestBroker broker,
                                                                               @TempDir Path dir) throws Exception {
        Path file = dir.resolve("logcast.log");
        Path journal = dir.resolve("logcast.log.journal");
        String queue = "logcast-test-journal-" + UUID.randomUUID();
        WireMessages app = new WireMessages("shop", "host-1");
        try (TestExchange exchange = TestExchange.create(broker)) {
            String[] args = {"disk", "--uri", broker.uri(), "--exchange", exchange.name, "--durable-queue", queue,
                "--file", file.toString()};
            Message single = Message.of(app, event(app, 1));
            Message batch = Message.of(app, event(app, 2), event(app, 3), event(app, 4));
            Message after = Message.of(app, event(app, 5));
            try {
                List<String> complete = run(args, file, 4, exchange, List.of(single, batch));

                // the state a kill leaves: the batch's record missing, the file holding part of it
                assertThat(Files.readAllLines(journal)).contains(app.producer + " 1 1", app.producer + " 2 3")
                        .last().isEqualTo("@ " + Files.size(file));
                Files.write(journal, List.of(app.producer + " 1 1", "@ " + (complete.get(0).length() + 1)));
                List<String> kept = complete.subList(0, 1 + writtenBeforeKill);
                Files.write(file, kept);
                // and the batch unacknowledged on the broker, followed by a new message
                batch.publish(exchange);
                after.publish(exchange);
                deliverWithoutAcknowledging(exchange.channel, queue, 2);

                try (DaemonProcess second = DaemonProcess.start(args)) {
                    second.awaitConsuming();
                    WrittenFile.awaitLines(file, 5, Duration.ofSeconds(60));
                    second.terminate();
                    assertThat(second.awaitExit(Duration.ofSeconds(30))).isZero();

                    List<String> lines = Files.readAllLines(file);
                    assertThat(lines.subList(0, 4)).isEqualTo(complete);
                    assertThat(lines).hasSize(5);
                    assertThat(lines.get(4)).endsWith(" INFO  shop host-1 [worker-5] com.shop.Orders - order 5 accepted {order=5}");
                    int unrecordedBytes = kept.subList(1, kept.size()).stream().mapToInt(line -> line.length() + 1).sum();
                    assertThat(second.stderrLines()).contains("logcast-collector: 1 message remembered from " + journal
                            + (unrecordedBytes == 0 ? "" : "; " + unrecordedBytes + " bytes at the end of the file were written after "
                            + "the last record: redelivered events are compared with them"));
                    assertThat(second.stderrLines()).as(second.stderr()).last().isEqualTo("logcast-collector: delivery summary: 2 messages, "
                            + (4 - writtenBeforeKill) + " events written (0 without producer/seq), " + writtenBeforeKill
                            + " duplicates suppressed," + SUMMARY_TAIL);
                    assertThat(Files.readAllLines(journal)).startsWith(app.producer + " 1 1", "@ " + (complete.get(0).length() + 1))
                            .contains(app.producer + " 2 3", app.producer + " 5 1").last().isEqualTo("@ " + Files.size(file));
                }
            } finally {
                exchange.channel.queueDelete(queue);
            }
        }
    }

    /** Runs a disk writer until it wrote {@code lines} lines of {@code messages}, stops it, returns the file's lines. */
    private static List<String> run(String[] args, Path file, int lines, TestExchange exchange, List<Message> messages)
            throws Exception {
        try (DaemonProcess first = DaemonProcess.start(args)) {
            first.awaitConsuming();
            for (Message message : messages) {
                message.publish(exchange);
            }
            WrittenFile.awaitLines(file, lines, Duration.ofSeconds(60));
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as(first.stderr()).isZero();
        }
        List<String> written = Files.readAllLines(file);
        assertThat(written).hasSize(lines);
        return written;
    }

    /** Takes {@code count} messages from the queue and closes the channel unacknowledged: the broker redelivers them. */
    private static void deliverWithoutAcknowledging(Channel publisher, String queue, int count) throws Exception {
        Channel channel = publisher.getConnection().createChannel();
        CountDownLatch delivered = new CountDownLatch(count);
        channel.basicQos(count);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                delivered.countDown();
            }
        });
        assertThat(delivered.await(30, TimeUnit.SECONDS)).as("deliveries to the test's consumer").isTrue();
        channel.close();
    }

    private static ILoggingEvent event(WireMessages app, int n) {
        return app.event(Level.INFO, "com.shop.Orders", "worker-" + n, "order " + n + " accepted", null,
                Map.of("order", Integer.toString(n)), null);
    }

    /** One message as the appender published it, kept to be published again byte for byte. */
    private static final class Message {
        final AMQP.BasicProperties properties;
        final byte[] body;

        private Message(AMQP.BasicProperties properties, byte[] body) {
            this.properties = properties;
            this.body = body;
        }

        static Message of(WireMessages app, ILoggingEvent... events) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (ILoggingEvent event : events) {
                body.writeBytes(app.body(event));
            }
            return new Message(app.properties(List.of(events)), body.toByteArray());
        }

        void publish(TestExchange exchange) throws Exception {
            exchange.publish(properties, body);
        }
    }
}
