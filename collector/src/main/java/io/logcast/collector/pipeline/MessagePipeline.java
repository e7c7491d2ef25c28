package io.logcast.collector.pipeline;

import java.io.UncheckedIOException;
import java.util.List;

import io.logcast.collector.account.DeliveryAccounting;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.amqp.Delivery;
import io.logcast.collector.amqp.QueueConsumer;
import io.logcast.collector.decode.EventDecoder;
import io.logcast.collector.decode.MessageHeaders;
import io.logcast.collector.decode.RemoteEvent;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkException;
import io.logcast.collector.sink.WrittenFile;

/**
 * What a daemon does with each message, on the consuming thread: read its headers once, decode its
 * events, admit them (duplicates suppressed, gaps reported) and hand them to the sink. With a journal
 * (the disk writer), it records each written message, flushed before the acknowledgement, and skips
 * the redelivered (or re-read) events the journal says a killed predecessor wrote without recording.
 */
public final class MessagePipeline implements QueueConsumer.MessageHandler {

    private final EventDecoder decoder;
    private final DeliveryAccounting accounting;
    private final EventSink sink;
    private final DeliveryJournal journal;
    private final WrittenFile writtenFile;

    /** Without a journal: for a sink that is not one file (the console, a {@code --config}, a web page). */
    public MessagePipeline(DeliveryAccounting accounting, EventSink sink) {
        this(new EventDecoder(), accounting, sink, null);
    }

    /** With the journal of the sink's one file ({@link EventSink#writtenFile()}). */
    public MessagePipeline(DeliveryAccounting accounting, EventSink sink, DeliveryJournal journal) {
        this(new EventDecoder(), accounting, sink, journal);
    }

    MessagePipeline(EventDecoder decoder, DeliveryAccounting accounting, EventSink sink, DeliveryJournal journal) {
        this.decoder = decoder;
        this.accounting = accounting;
        this.sink = sink;
        this.journal = journal;
        this.writtenFile = journal == null ? null : sink.writtenFile()
                .orElseThrow(() -> new IllegalArgumentException("a journal needs a sink that writes one file"));
    }

    /**
     * @throws SinkException when an event could not be written, or when the message needs more memory
     *                       than the heap has: it stays unacknowledged, for a daemon with a larger heap
     */
    @Override
    public void handle(Delivery delivery) {
        try {
            decodeAdmitAndWrite(delivery);
        } catch (OutOfMemoryError e) {
            // what failed to allocate is garbage now: say so in one line rather than die with a stack trace
            throw new SinkException("a message of " + delivery.body().length + " bytes needs more memory than the JVM's maximum heap ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): give the daemon a larger -Xmx");
        }
    }

    private void decodeAdmitAndWrite(Delivery delivery) {
        MessageHeaders headers = MessageHeaders.of(delivery.properties());
        List<RemoteEvent> events = decoder.decode(headers, delivery.body());
        DeliveryAccounting.Admission<RemoteEvent> admission = accounting.admit(headers, events);
        if (journal == null) {
            admission.events().forEach(sink::append);
            return;
        }
        for (RemoteEvent event : admission.events()) {
            if (delivery.mayHaveBeenHandled() && journal.unrecordedBytes() > 0 && journal.writtenBeforeRecord(writtenFile.render(event))) {
                accounting.alreadyWritten();
            } else {
                journal.stopComparing();
                sink.append(event);
            }
        }
        journal.record(admission);
    }

    /**
     * The events reach the operating system, then the journal's records (with the file's length
     * after them), before the broker forgets the messages.
     */
    @Override
    public void beforeAcknowledging() {
        sink.flush();
        if (journal != null) {
            try {
                journal.flush();
            } catch (UncheckedIOException e) {
                throw new SinkException(e.getMessage());
            }
        }
    }
}
