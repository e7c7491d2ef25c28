package io.logcast.collector.cli;

import java.io.UncheckedIOException;
import java.util.Optional;

import com.rabbitmq.client.AMQP;

import io.logcast.collector.account.DeliveryAccounting;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.amqp.QueueConsumer;
import io.logcast.collector.decode.EventDecoder;
import io.logcast.collector.decode.RemoteEvent;
import io.logcast.collector.sink.SinkContext;
import io.logcast.collector.sink.SinkException;
import io.logcast.collector.sink.WrittenFile;

/**
 * Decodes each message, admits its events (duplicates and gaps accounted) and hands them to the sink.
 * With a journal (the disk writer), records each written message, flushed before the acknowledgement,
 * and skips the redelivered events the journal says a killed predecessor wrote without recording.
 */
final class MessageWriter implements QueueConsumer.MessageHandler {

    private final EventDecoder decoder = new EventDecoder();
    private final DeliveryAccounting accounting;
    private final SinkContext sink;
    private final DeliveryJournal journal;
    private final WrittenFile writtenFile;

    MessageWriter(DeliveryAccounting accounting, SinkContext sink, Optional<DeliveryJournal> journal) {
        this.accounting = accounting;
        this.sink = sink;
        this.journal = journal.orElse(null);
        this.writtenFile = sink.writtenFile().orElse(null);
    }

    @Override
    public void handle(AMQP.BasicProperties properties, byte[] body, boolean redelivered) {
        DeliveryAccounting.Admission<RemoteEvent> admission = accounting.admit(properties, decoder.decode(properties, body));
        if (journal == null) {
            admission.events().forEach(sink::append);
            return;
        }
        for (RemoteEvent event : admission.events()) {
            if (redelivered && journal.unrecordedBytes() > 0 && journal.writtenBeforeRecord(writtenFile.render(event))) {
                accounting.alreadyWritten();
            } else {
                journal.stopComparing();
                sink.append(event);
            }
        }
        journal.record(admission);
    }

    /** The journal's records reach the disk before the broker forgets the messages. */
    @Override
    public void beforeAcknowledging() {
        if (journal != null) {
            try {
                journal.flush();
            } catch (UncheckedIOException e) {
                throw new SinkException(e.getMessage());
            }
        }
    }
}
