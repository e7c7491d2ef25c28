package io.logcast.collector.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The disk writer's memory across restarts. After the events of a message are written, one line
 * {@code <producer> <seq> <count> <file length>} is appended to {@code <file>.journal}; a new process
 * replays it into its {@link DeliveryAccounting}, so what the broker redelivers after a crash (written,
 * not yet acknowledged) is recognised as written.
 *
 * <p>One moment is not covered by a record: a process killed after writing a message's events and
 * before recording them. The file is then longer than the last record says. Those bytes are kept, and
 * the next redelivered events, rendered as the sink renders them, are compared with them in order: an
 * event found there is in the file already. The first event that is not, or any event written, ends
 * the comparison.
 *
 * <p>Bounded: {@value #RECORDS_PER_GENERATION} lines, then the journal becomes {@code <file>.journal.1}
 * (replacing the one before) and a new one starts; both are replayed. Used by the consuming thread only.
 */
public final class DeliveryJournal implements AutoCloseable {

    static final int RECORDS_PER_GENERATION = 65_536;
    /** Unrecorded bytes beyond this are not compared (a record is missing for one message at most). */
    static final long MAX_UNRECORDED_BYTES = 16L << 20;

    private final Path logFile;
    private final Path current;
    private final Path previous;
    private final long remembered;
    private FileChannel channel;
    private int records;
    private byte[] unrecorded;
    private int compared;
    private String lastProducer;
    private String lastProducerField;

    private DeliveryJournal(Path logFile, Path current, Path previous, long remembered, int records, byte[] unrecorded)
            throws IOException {
        this.logFile = logFile;
        this.current = current;
        this.previous = previous;
        this.remembered = remembered;
        this.records = records;
        this.unrecorded = unrecorded;
        this.channel = openForAppend(current);
    }

    /**
     * Opens the journal of {@code logFile}, replays it into {@code accounting} and keeps the bytes of
     * the file that no record covers. Call before anything is written to the file.
     */
    public static DeliveryJournal open(Path logFile, DeliveryAccounting accounting) throws IOException {
        Path current = logFile.resolveSibling(logFile.getFileName() + ".journal");
        Path previous = logFile.resolveSibling(logFile.getFileName() + ".journal.1");
        Replay replay = new Replay(accounting);
        replay.read(previous);
        int records = replay.read(current);
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
        return new DeliveryJournal(logFile, current, previous, replay.messages, records, unrecorded);
    }

    /** "{@code /var/log/x.log.journal (Permission denied)}": NIO's exceptions say only the path. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException) {
            FileSystemException fs = (FileSystemException) e;
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof AccessDeniedException ? "Permission denied" : e.getClass().getSimpleName();
            return fs.getFile() + " (" + reason + ")";
        }
        return e.getMessage();
    }

    /** The journal file. */
    public Path path() {
        return current;
    }

    /** Messages replayed from an earlier run. */
    public long remembered() {
        return remembered;
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

    /**
     * Records that the message's events are written (or were already).
     *
     * @throws UncheckedIOException when the journal cannot be written
     */
    public void record(DeliveryAccounting.Admission<?> admission) {
        if (admission.producer() == null) {
            return;
        }
        try {
            String line = producerField(admission.producer()) + ' ' + admission.seq() + ' ' + admission.range()
                    + ' ' + Files.size(logFile) + '\n';
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (++records >= RECORDS_PER_GENERATION) {
                channel.close();
                Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                channel = openForAppend(current);
                records = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal: " + describe(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private String producerField(String producer) {
        if (!producer.equals(lastProducer)) {
            lastProducer = producer;
            lastProducerField = URLEncoder.encode(producer, StandardCharsets.UTF_8);
        }
        return lastProducerField;
    }

    /** Opens for appending after the last whole record: a record torn by a kill is cut off. */
    private static FileChannel openForAppend(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long end = channel.size();
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            channel.read(chunk, from);
            int newline = chunk.position() - 1;
            while (newline >= 0 && chunk.get(newline) != '\n') {
                newline--;
            }
            if (newline >= 0) {
                end = from + newline + 1;
                break;
            }
            end = from;
        }
        channel.truncate(end);
        channel.position(end);
        return channel;
    }

    /** Reads journal files into the accounting. */
    private static final class Replay {
        private final DeliveryAccounting accounting;
        long messages;
        long lastFileLength = -1;

        Replay(DeliveryAccounting accounting) {
            this.accounting = accounting;
        }

        /** Returns the number of lines read. */
        int read(Path path) throws IOException {
            if (!Files.exists(path)) {
                return 0;
            }
            // records are ASCII (the producer is URL-encoded): a byte of garbage must not stop the replay
            String text = Files.readString(path, StandardCharsets.ISO_8859_1);
            // what follows the last newline is a record torn by a kill
            String whole = text.substring(0, text.lastIndexOf('\n') + 1);
            List<String> lines = whole.isEmpty() ? List.of() : List.of(whole.split("\n"));
            for (String line : lines) {
                String[] fields = line.split(" ");
                if (fields.length != 4) {
                    continue;
                }
                try {
                    String producer = URLDecoder.decode(fields[0], StandardCharsets.UTF_8);
                    long seq = Long.parseLong(fields[1]);
                    long range = Long.parseLong(fields[2]);
                    long fileLength = Long.parseLong(fields[3]);
                    if (seq < 1 || range < 1 || range > DeliveryAccounting.MAX_BATCH || fileLength < 0) {
                        continue;
                    }
                    accounting.remember(producer, seq, range);
                    messages++;
                    lastFileLength = fileLength;
                } catch (IllegalArgumentException notARecord) {
                    // not ours: skipped
                }
            }
            return lines.size();
        }
    }
}
