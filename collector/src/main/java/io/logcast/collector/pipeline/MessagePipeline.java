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

    /** A message from this size on is rare (the appender cuts events at 1 MiB by default) and costs the heap its size several times over. */
    static final int LARGE_MESSAGE_BYTES = 16 << 20;
    private static final int GIVE_BACK_ATTEMPTS = 10;

    private final EventDecoder decoder;
    private final DeliveryAccounting accounting;
    private final EventSink sink;
    private final DeliveryJournal journal;
    private final WrittenFile writtenFile;
    private int giveBackAttempts;

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
            if (delivery.body().length >= LARGE_MESSAGE_BYTES) {
                giveBackAttempts = GIVE_BACK_ATTEMPTS;
            }
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
     * After a large message, once no message is in hand (so that the message is garbage too): the heap
     * grew several times the message's size, and a full collection gives it back (with the launcher's
     * serial collector the heap shrinks to what is live) instead of holding it until the heap next fills.
     * The JVM skips the collection while another thread is in a JNI critical section (compressing a
     * rolled file, for one): then it is tried again at the next idle moment, a few times at most.
     */
    @Override
    public void idle() {
        if (giveBackAttempts > 0) {
            giveBackAttempts--;
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            if (runtime.totalMemory() - runtime.freeMemory() < LARGE_MESSAGE_BYTES) {
                giveBackAttempts = 0;
            }
        }
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
