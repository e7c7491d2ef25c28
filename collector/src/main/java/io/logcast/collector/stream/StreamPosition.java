package io.logcast.collector.stream;

/**
 * Where a reader is in a stream, and what each delivered offset means for it. It asks for the offset
 * after the last one handled on every attach after the first, so a reconnection neither repeats nor
 * skips anything; a message below the offset asked for (the broker attaches at chunk granularity) is
 * skipped; a first message above it means nothing readable lay between, which is retention's doing
 * only when that message is the first the stream holds ({@link #removedByRetention}); and a reader
 * that learnt the stream's last offset at start knows where its history ends. Pure bookkeeping, used
 * by the consuming thread only.
 */
final class StreamPosition {

    /** Offsets {@code from..to} (both included) were asked for and no message of them came. */
    record Skipped(long from, long to) {
    }

    /**
     * What a delivered offset means.
     *
     * @param take               hand the message on (false: it was handled before, or lies before the offset asked for)
     * @param skipped            the offsets asked for before this one that gave no message, or null
     * @param pastHistoryEnd     this message came after the stream's last offset at start, and the history had not ended yet
     */
    record Arrival(boolean take, Skipped skipped, boolean pastHistoryEnd) {
    }

    /**
     * Whether retention removed messages between the offset asked for and the one delivered, given the
     * first offset the stream holds now. Each segment after the first begins with one offset no consumer
     * is given (the broker's own chunk): offsets skipped while the stream still holds earlier messages
     * are those; a single one before the first message the stream holds is the first segment's.
     */
    static boolean removedByRetention(Skipped skipped, long streamFirst) {
        long delivered = skipped.to() + 1;
        if (streamFirst >= 0 && streamFirst < delivered) {
            return false;
        }
        return delivered - skipped.from() >= 2 || streamFirst < 0 || streamFirst > delivered;
    }

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final StartPoint start;
    /** The offset wanted next, -1 while the start point decides. */
    private long next;
    private long asked = -1;
    private boolean firstSinceAttach;
    private long historyEnd = UNKNOWN;
    private boolean historyOver;

    /** @param resumeAfter the last offset an earlier process handled (from its journal), or -1 to begin at {@code start} */
    StreamPosition(StartPoint start, long resumeAfter) {
        this.start = start;
        this.next = resumeAfter >= 0 ? resumeAfter + 1 : start.kind() == StartPoint.Kind.OFFSET ? start.offset() : -1;
    }

    /** The {@code x-stream-offset} of the next attach: the offset wanted next once there is one, else the start point's. */
    Object attach() {
        asked = next;
        firstSinceAttach = true;
        return next >= 0 ? (Object) next : start.consumerArgument();
    }

    /** The offset wanted next, or -1 while the start point decides. */
    long next() {
        return next;
    }

    /** Forgets the offset wanted next: the start point decides again (a stream that was declared anew). */
    void restartFromFirst() {
        next = -1;
    }

    /** The stream's last offset when reading started (-1: it was empty): what lies up to it is history. */
    void historyEndsAt(long lastOffset) {
        historyEnd = lastOffset;
        historyOver = lastOffset < 0 || (next >= 0 && next > lastOffset);
    }

    /** The stream's last offset when reading started, as {@link #historyEndsAt} was told. */
    long historyEnd() {
        return historyEnd;
    }

    /** Whether the reader knows its history and is past it (or it held nothing). */
    boolean historyOver() {
        return historyOver;
    }

    /** Says what the message at {@code offset} is to this reader. */
    Arrival arrive(long offset) {
        boolean first = firstSinceAttach;
        firstSinceAttach = false;
        if (next >= 0 && offset < next) {
            return new Arrival(false, null, false);
        }
        Skipped skipped = first && asked >= 0 && offset > asked ? new Skipped(asked, offset - 1) : null;
        boolean pastEnd = historyEnd != UNKNOWN && !historyOver && offset > historyEnd;
        if (pastEnd) {
            historyOver = true;
        }
        return new Arrival(true, skipped, pastEnd);
    }

    /** The message at {@code offset} was handled; returns true when it was the last of the history. */
    boolean handled(long offset) {
        next = offset + 1;
        if (historyEnd != UNKNOWN && !historyOver && offset >= historyEnd) {
            historyOver = true;
            return true;
        }
        return false;
    }
}
