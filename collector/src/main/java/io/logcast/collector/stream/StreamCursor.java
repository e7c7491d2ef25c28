package io.logcast.collector.stream;

import java.io.IOException;
import java.util.Map;

import com.rabbitmq.client.Connection;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.account.DeliveryJournal;
import io.logcast.collector.amqp.Delivery;
import io.logcast.collector.amqp.QueueConsumer;
import io.logcast.collector.amqp.StreamBounds;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.decode.MessageHeaders;

/**
 * A daemon's reader of a stream, in front of its pipeline. On each connection it attaches where it
 * stands ({@link StreamPosition}): at the start point the first time, after the last message handled on
 * every reconnection. It skips what it handled before, says in one WARN line which offsets the stream's
 * retention removed before they were read (the producers' seqs then tell the events missing), records each handled offset in the journal (the disk writer), and, when it
 * learnt at start where the stream's history ends ({@link StreamBounds}), tells the listener there, or,
 * not following, stops there.
 */
public final class StreamCursor implements QueueConsumer.MessageHandler {

    /** What the cursor tells its daemon, on the consuming thread. */
    public interface Listener {
        /** Every message the stream held at start was handed over; live ones follow. */
        void historyEnded(long lastOffset);

        /** Not following: every message the stream held at start was handed over. Stop consuming. */
        void finished();
    }

    /** The broker's statistic says the stream is empty: how long its last chunk is waited for. */
    static final long LOOKS_EMPTY_MILLIS = 5_000;
    /**
     * Not following, from a time later than every event of the stream's last chunk: how long the first
     * message is waited for before the stream is taken to hold nothing at or after it.
     */
    static final long NOTHING_SINCE_MILLIS = 5_000;

    private final StreamReading reading;
    private final QueueConsumer.MessageHandler pipeline;
    private final DeliveryJournal journal;
    private final Listener listener;
    private final Diagnostics diagnostics;
    private final StartPoint start;
    private final String resumedFrom;
    private final StreamPosition position;
    private boolean attached;
    private Connection connection;
    private long nothingSinceDeadline;
    private boolean finished;

    /**
     * @param journal the disk writer's journal (where to resume, where each handled offset is recorded), or null
     */
    public StreamCursor(StreamReading reading, QueueConsumer.MessageHandler pipeline, DeliveryJournal journal,
                        Listener listener, Diagnostics diagnostics) {
        this.reading = reading;
        this.pipeline = pipeline;
        this.journal = journal;
        this.listener = listener;
        this.diagnostics = diagnostics;
        long recorded = reading.from() == null && journal != null ? journal.streamOffset(reading.stream()).orElse(-1) : -1;
        // without a journal (a disk writer with --config) nothing says where it stopped: first would write everything again
        this.start = reading.from() != null ? reading.from() : journal != null ? StartPoint.first() : StartPoint.next();
        if (reading.from() == null && journal == null) {
            diagnostics.say("no journal (--config) keeps where this daemon stopped in stream '" + reading.stream()
                    + "': reading from the next event published; --from first (or a time) reads earlier ones");
        }
        this.resumedFrom = recorded >= 0 ? "after offset " + recorded + ", the last one " + journal.path() + " recorded" : null;
        this.position = new StreamPosition(start, recorded);
        if (reading.from() == null && journal != null && recorded < 0 && !journal.recordedStreams().isEmpty()) {
            diagnostics.say(journal.path() + " recorded offsets of stream " + String.join(", ", journal.recordedStreams())
                    + ", not of '" + reading.stream() + "'");
        }
    }

    @Override
    public Map<String, Object> attach(Connection connection, Topology.Declared declared) throws IOException, InterruptedException {
        this.connection = connection;
        if (!attached) {
            attached = true;
            findHistory(connection, declared);
        }
        return Map.of(Delivery.STREAM_OFFSET, position.attach());
    }

    /** Once, before the first attach: where the stream ends, for a daemon that shows or stops at its history, or resumes. */
    private void findHistory(Connection connection, Topology.Declared declared) throws IOException, InterruptedException {
        boolean wantsEnd = resumedFrom != null || ((reading.showsHistory() || !reading.follow()) && start.kind() != StartPoint.Kind.NEXT);
        if (!wantsEnd) {
            diagnostics.say("reading stream '" + reading.stream() + "' from " + start);
            if (!reading.follow() && start.kind() == StartPoint.Kind.NEXT) {
                finish();
            }
            return;
        }
        StreamBounds end = declared.created() ? StreamBounds.EMPTY : StreamBounds.last(connection, reading.stream(), LOOKS_EMPTY_MILLIS);
        // a stream deleted and declared again starts at offset 0: the broker would hold back every message below the recorded one
        if (resumedFrom != null && declared.created()) {
            diagnostics.say("WARN stream '" + reading.stream() + "' did not exist: it was deleted since " + journal.path()
                    + " recorded offset " + (position.next() - 1) + "; reading the new one from the first message");
            position.restartFromFirst();
        } else if (resumedFrom != null && end.lastOffset() >= 0 && position.next() > end.lastOffset() + 1) {
            diagnostics.say("WARN stream '" + reading.stream() + "' ends at offset " + end.lastOffset() + ", before the offset "
                    + (position.next() - 1) + " recorded in " + journal.path() + ": it was deleted and declared again since; reading it from the first message");
            position.restartFromFirst();
        }
        position.historyEndsAt(end.lastOffset());
        diagnostics.say("reading stream '" + reading.stream() + "' " + (resumedFrom != null && position.next() >= 0 ? resumedFrom : "from " + start)
                + (end.lastOffset() < 0 ? " (it holds no message now)" : " (its last offset at start: " + end.lastOffset() + ")"));
        if (position.historyOver()) {
            if (!reading.follow()) {
                finish();
            }
        } else if (!reading.follow() && start.kind() == StartPoint.Kind.TIME && !eventAtOrAfterStart(end)) {
            // the broker attaches to the first chunk written at or after the time: when there is none, nothing comes
            nothingSinceDeadline = System.currentTimeMillis() + NOTHING_SINCE_MILLIS;
        }
    }

    /** True when an event of the stream's last chunk is at or after the start time: attaching at the time then finds it. */
    private boolean eventAtOrAfterStart(StreamBounds end) {
        return end.lastChunk().stream().map(properties -> MessageHeaders.of(properties).eventTime())
                .anyMatch(time -> time != null && time >= start.notBeforeMillis());
    }

    @Override
    public void handle(Delivery delivery) {
        if (finished) {
            return;
        }
        nothingSinceDeadline = 0;
        long offset = delivery.streamOffset();
        StreamPosition.Arrival arrival = position.arrive(offset);
        if (!arrival.take()) {
            return;
        }
        if (arrival.skipped() != null && removedByRetention(arrival.skipped())) {
            diagnostics.say("WARN stream '" + reading.stream() + "': its retention removed offsets " + arrival.skipped().from() + ".."
                    + arrival.skipped().to() + " before they were read; reading on from offset " + offset + ", the first it holds"
                    + " (each producer's next event tells how many of its events are missing)");
        }
        if (arrival.pastHistoryEnd() && endOfHistory()) {
            return;
        }
        pipeline.handle(delivery);
        if (journal != null) {
            journal.recordStreamOffset(reading.stream(), offset);
        }
        if (position.handled(offset)) {
            endOfHistory();
        }
    }

    /** Asks the stream where it begins now: only that tells retention from the offsets of the broker's own chunks. */
    private boolean removedByRetention(StreamPosition.Skipped skipped) {
        long streamFirst;
        try {
            streamFirst = StreamBounds.firstOffset(connection, reading.stream(), LOOKS_EMPTY_MILLIS);
        } catch (IOException e) {
            streamFirst = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streamFirst = -1;
        }
        return StreamPosition.removedByRetention(skipped, streamFirst);
    }

    /** Returns true when reading is over. */
    private boolean endOfHistory() {
        if (!reading.follow()) {
            finish();
            return true;
        }
        listener.historyEnded(position.historyEnd());
        return false;
    }

    private void finish() {
        finished = true;
        listener.finished();
    }

    @Override
    public void beforeAcknowledging() {
        pipeline.beforeAcknowledging();
    }

    @Override
    public void idle() {
        if (nothingSinceDeadline > 0 && !finished && System.currentTimeMillis() > nothingSinceDeadline) {
            diagnostics.say("stream '" + reading.stream() + "' sent nothing within " + NOTHING_SINCE_MILLIS / 1000
                    + " s of attaching at " + start + ", and its last events are older: it holds none since");
            finish();
        }
        pipeline.idle();
    }
}
