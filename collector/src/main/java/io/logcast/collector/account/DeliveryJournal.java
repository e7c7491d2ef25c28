package io.logcast.collector.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.logcast.collector.FileProblem;

/**
 * The disk writer's memory across restarts. Each written message adds a record
 * {@code <producer> <seq> <count>}; before the consumer acknowledges, the records so far are appended to
 * {@code <file>.journal} in one write, ended by a line {@code @ <file length>}. A new process replays
 * the journal into its {@link DeliveryAccounting}, so what the broker redelivers after a crash, and
 * what producers publish again, is recognised as written.
 *
 * <p>What a killed process wrote after its last flush is not in the journal: the file is longer than
 * the last {@code @} line says. Those bytes are kept, and the redelivered events (the broker redelivers
 * every unacknowledged message, in order), rendered as the sink renders them, are compared with them
 * in order: an event found there is in the file already. The first event that is not, or any event
 * written, ends the comparison.
 *
 * <p>A disk writer reading a stream also records the offset of the last message it handled:
 * {@code @stream <stream> <offset>}, in the same write, so a new process resumes after it.
 *
 * <p>Bounded: after {@value #RECORDS_PER_GENERATION} records the journal becomes
 * {@code <file>.journal.1} (replacing the one before) and a new one starts; both are replayed. Used by
 * the consuming thread only.
 */
public final class DeliveryJournal implements AutoCloseable {

    static final int RECORDS_PER_GENERATION = 65_536;
    /** Unrecorded bytes beyond this are not compared: what the file holds past them may be written twice. */
    static final long MAX_UNRECORDED_BYTES = 64L << 20;
    private static final String LENGTH_MARK = "@ ";
    /** URL-encoded producers never start with '@': no record is taken for an offset, by this process or an older one. */
    private static final String STREAM_MARK = "@stream ";

    private final Path logFile;
    private final Path current;
    private final Path previous;
    private final long remembered;
    private final Map<String, Long> streamOffsets;
    private final StringBuilder pending = new StringBuilder();
    private FileChannel channel;
    private int records;
    private byte[] unrecorded;
    private int compared;
    private String lastProducer;
    private String lastProducerField;
    private String stream;
    private long streamOffset = -1;
    private boolean streamOffsetPending;

    private DeliveryJournal(Path logFile, Path current, Path previous, Replay replay, byte[] unrecorded, long fileLength) throws IOException {
        this.logFile = logFile;
        this.current = current;
        this.previous = previous;
        this.remembered = replay.messages;
        this.streamOffsets = replay.streamOffsets;
        this.records = replay.recordsInLastFile;
        this.unrecorded = unrecorded;
        this.channel = openForAppend(current, replay.wholeBytesInLastFile);
        if (replay.lastFileLength < 0 || replay.lastFileLength > fileLength) {
            // no length to compare from (a new journal, or a file rolled or replaced since): the file's length now,
            // so that what a kill leaves written before the first flush is compared, not written twice
            appendLine(LENGTH_MARK + fileLength);
        }
    }

    private void appendLine(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Opens the journal of {@code logFile}, replays it into {@code accounting} and keeps the bytes of
     * the file that no record covers. Call before anything is written to the file.
     *
     * @throws IOException saying "{@code <journal> (<reason>)}"
     */
    public static DeliveryJournal open(Path logFile, DeliveryAccounting accounting) throws IOException {
        Path current = logFile.resolveSibling(logFile.getFileName() + ".journal");
        try {
            return open(logFile, current, accounting);
        } catch (IOException e) {
            throw new IOException(current + " (" + FileProblem.reason(e) + ")", e);
        }
    }

    private static DeliveryJournal open(Path logFile, Path current, DeliveryAccounting accounting) throws IOException {
        Path previous = current.resolveSibling(current.getFileName() + ".1");
        Replay replay = new Replay(accounting);
        replay.read(previous);
        replay.read(current);
        byte[] unrecorded = new byte[0];
        long length = Files.exists(logFile) ? Files.size(logFile) : 0;
        long extra = length - replay.lastFileLength;
        // a file shorter than recorded was rolled or replaced: nothing to compare with
        if (replay.lastFileLength >= 0 && extra > 0 && extra <= MAX_UNRECORDED_BYTES) {
            try (FileChannel file = FileChannel.open(logFile, StandardOpenOption.READ)) {
                ByteBuffer tail = ByteBuffer.allocate((int) extra);
                while (tail.hasRemaining() && file.read(tail, replay.lastFileLength + tail.position()) >= 0) {
                    // reads until the tail is full or the file ends
                }
                unrecorded = Arrays.copyOf(tail.array(), tail.position());
            }
        }
        return new DeliveryJournal(logFile, current, previous, replay, unrecorded, length);
    }

    /** The journal file. */
    public Path path() {
        return current;
    }

    /** Messages replayed from an earlier run. */
    public long remembered() {
        return remembered;
    }

    /** The offset of the last message of {@code stream} an earlier run recorded, if it recorded one. */
    public OptionalLong streamOffset(String stream) {
        Long offset = streamOffsets.get(stream);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The streams an earlier run recorded offsets of. */
    public java.util.Set<String> recordedStreams() {
        return streamOffsets.keySet();
    }

    /** Bytes at the end of the file written after the last record, still to be compared. */
    public int unrecordedBytes() {
        return unrecorded.length - compared;
    }

    /**
     * True when the file's unrecorded bytes continue with {@code rendering}: the event was written by a
     * process killed before it recorded it. Only for redelivered events, in delivery order.
     */
    public boolean writtenBeforeRecord(byte[] rendering) {
        if (unrecordedBytes() >= rendering.length
                && Arrays.equals(unrecorded, compared, compared + rendering.length, rendering, 0, rendering.length)) {
            compared += rendering.length;
            return true;
        }
        stopComparing();
        return false;
    }

    /** Something else is written to the file now: the unrecorded bytes are no longer its end. */
    public void stopComparing() {
        unrecorded = new byte[0];
        compared = 0;
    }

    /** Notes that the message's events are written (or were already); {@link #flush()} makes it last. */
    public void record(DeliveryAccounting.Admission<?> admission) {
        if (admission.producer() != null) {
            pending.append(producerField(admission.producer())).append(' ').append(admission.seq()).append(' ')
                    .append(admission.range()).append('\n');
            records++;
        }
    }

    /** Notes that the message at {@code offset} of {@code stream} is handled; {@link #flush()} makes it last. */
    public void recordStreamOffset(String stream, long offset) {
        this.stream = stream;
        this.streamOffset = offset;
        this.streamOffsetPending = true;
    }

    /**
     * Appends the records noted since the last flush, the stream offset, and the file's length, in one
     * write. Called before the messages are acknowledged.
     *
     * @throws UncheckedIOException when the journal cannot be written
     */
    public void flush() {
        if (pending.length() == 0 && !streamOffsetPending) {
            return;
        }
        try {
            if (streamOffsetPending) {
                pending.append(STREAM_MARK).append(URLEncoder.encode(stream, StandardCharsets.UTF_8)).append(' ')
                        .append(streamOffset).append('\n');
                // an offset line per flush: counted, so that a stream of messages without producers still rolls the journal
                records++;
            }
            pending.append(LENGTH_MARK).append(Files.size(logFile)).append('\n');
            ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.ISO_8859_1));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            pending.setLength(0);
            streamOffsetPending = false;
            if (records >= RECORDS_PER_GENERATION) {
                channel.close();
                Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                channel = openForAppend(current, 0);
                records = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + current + " (" + FileProblem.reason(e) + ")", e);
        }
    }

    /** Flushes and closes. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            channel.close();
        }
    }

    private String producerField(String producer) {
        if (!producer.equals(lastProducer)) {
            lastProducer = producer;
            lastProducerField = URLEncoder.encode(producer, StandardCharsets.UTF_8);
        }
        return lastProducerField;
    }

    /** Opens for appending after the last whole flush: what a kill tore from the next one is cut off. */
    private static FileChannel openForAppend(Path path, long wholeBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(wholeBytes);
        channel.position(wholeBytes);
        return channel;
    }

    /** Reads journal files into the accounting. */
    private static final class Replay {
        private final DeliveryAccounting accounting;
        long messages;
        final Map<String, Long> streamOffsets = new HashMap<>();
        long lastFileLength = -1;
        int recordsInLastFile;
        long wholeBytesInLastFile;

        Replay(DeliveryAccounting accounting) {
            this.accounting = accounting;
        }

        void read(Path path) throws IOException {
            recordsInLastFile = 0;
            wholeBytesInLastFile = 0;
            if (!Files.exists(path)) {
                return;
            }
            // records are ASCII (the producer is URL-encoded): a byte of garbage must not stop the replay
            String text = Files.readString(path, StandardCharsets.ISO_8859_1);
            List<String[]> flush = new ArrayList<>();
            int offset = 0;
            for (int end = text.indexOf('\n'); end >= 0; offset = end + 1, end = text.indexOf('\n', offset)) {
                String line = text.substring(offset, end);
                if (line.startsWith(LENGTH_MARK)) {
                    long fileLength = parseOr(line.substring(LENGTH_MARK.length()), -1);
                    if (fileLength >= 0) {
                        flush.forEach(this::remember);
                        recordsInLastFile += flush.size();
                        lastFileLength = fileLength;
                        wholeBytesInLastFile = end + 1;
                    }
                    flush.clear();
                } else if (line.startsWith(STREAM_MARK)) {
                    flush.add(new String[] {STREAM_MARK, line.substring(STREAM_MARK.length())});
                } else {
                    flush.add(line.split(" "));
                }
            }
            // records after the last length mark were torn from a flush by a kill: their events are
            // in the unrecorded bytes
        }

        private void remember(String[] fields) {
            if (fields.length == 2 && STREAM_MARK.equals(fields[0])) {
                rememberStreamOffset(fields[1]);
                return;
            }
            if (fields.length != 3) {
                return;
            }
            long seq = parseOr(fields[1], 0);
            long range = parseOr(fields[2], 0);
            if (seq < 1 || range < 1 || range > DeliveryAccounting.MAX_BATCH) {
                return;
            }
            try {
                accounting.remember(URLDecoder.decode(fields[0], StandardCharsets.UTF_8), seq, range);
                messages++;
            } catch (IllegalArgumentException notARecord) {
                // not ours: skipped
            }
        }

        /** {@code <stream> <offset>}: the last wins. */
        private void rememberStreamOffset(String text) {
            int space = text.lastIndexOf(' ');
            long offset = space < 0 ? -1 : parseOr(text.substring(space + 1), -1);
            if (offset < 0) {
                return;
            }
            try {
                streamOffsets.put(URLDecoder.decode(text.substring(0, space), StandardCharsets.UTF_8), offset);
            } catch (IllegalArgumentException notARecord) {
                // not ours: skipped
            }
        }

        private static long parseOr(String text, long otherwise) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }
}
