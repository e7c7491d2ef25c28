package io.logcast.collector.account;

/**
 * What one producer's recent sequence numbers look like from here: the highest seen and a ring of
 * {@link #SIZE} bits, one per seq in {@code (highest - SIZE, highest]}, set when that seq was seen.
 * Bounded memory (8 KiB) whatever the traffic; older seqs can no longer be told apart.
 */
final class ProducerWindow {

    /** Seqs remembered below the highest one. */
    static final int SIZE = 1 << 16;

    private final long[] bits = new long[SIZE / 64];
    private long accountedFrom;
    private long highest;

    ProducerWindow(long first) {
        this.accountedFrom = first;
        this.highest = first;
        set(first);
    }

    /** Unseen seqs above this one, up to the highest, were reported missing by this process. */
    long accountedFrom() {
        return accountedFrom;
    }

    /** Seqs up to the highest were accounted for by an earlier process (restored from its journal). */
    void accountFromHighest() {
        accountedFrom = highest;
    }

    long highest() {
        return highest;
    }

    boolean inWindow(long seq) {
        return seq > highest - SIZE;
    }

    /** Only for seqs in the window. */
    boolean seen(long seq) {
        int index = index(seq);
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    /** Only for seqs in the window. */
    void set(long seq) {
        int index = index(seq);
        bits[index >>> 6] |= 1L << index;
    }

    /** Marks {@code seq} seen: above the highest, it becomes the highest; too old to tell, it is ignored. */
    void markSeen(long seq) {
        if (seq > highest) {
            advanceTo(seq);
        } else if (inWindow(seq)) {
            set(seq);
        }
    }

    /** Makes {@code seq} (above the highest) the highest: the seqs between are not seen (yet). */
    void advanceTo(long seq) {
        if (seq - highest >= SIZE) {
            java.util.Arrays.fill(bits, 0L);
        } else {
            for (long s = highest + 1; s < seq; s++) {
                int index = index(s);
                bits[index >>> 6] &= ~(1L << index);
            }
        }
        highest = seq;
        set(seq);
    }

    private static int index(long seq) {
        return (int) Math.floorMod(seq, (long) SIZE);
    }
}
