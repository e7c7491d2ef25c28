package io.logcast.collector.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.logcast.collector.decode.MessageHeaders;

/**
 * Loss and duplicate accounting by the wire contract's {@code producer} and {@code seq} headers (a
 * batch covers {@code seq .. seq + event_count - 1}). A jump past the next expected seq is a {@link Gap},
 * told to the gap listener (a daemon prints a WARN line) when the message that reveals it arrives. A seq seen before,
 * within the last {@link ProducerWindow#SIZE} seqs of its producer, is a duplicate (at-least-once
 * redelivery or republishing) and is not handed on. Messages without both headers (tutorial clients,
 * other producers) are handed on unchecked. Used by the consuming thread only; {@link #counts()} may be
 * read by any.
 */
public final class DeliveryAccounting {

    /** Producers remembered at once; the least recently heard from is forgotten first. */
    static final int MAX_PRODUCERS = 1024;
    /** A header {@code event_count} above this is not believed (garbage); the decoded count is used. */
    static final long MAX_BATCH = 100_000;

    private final Consumer<Gap> gaps;
    private final Map<String, ProducerWindow> producers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProducerWindow> eldest) {
            return size() > MAX_PRODUCERS;
        }
    };

    // written by the consuming thread only
    private volatile long messages;
    private volatile long eventsWritten;
    private volatile long eventsWithoutSequence;
    private volatile long duplicatesSuppressed;
    private volatile long gapsReported;
    private volatile long eventsMissing;
    private volatile long lateArrivals;
    private volatile long beyondWindow;

    /** @param gaps told of each gap when the message that reveals it arrives */
    public DeliveryAccounting(Consumer<Gap> gaps) {
        this.gaps = gaps;
    }

    /**
     * The events of one message that are to be written (all of them, less the duplicates) and the seqs
     * the message covers; {@code producer} is null for a message without producer and seq.
     */
    public record Admission<T>(List<T> events, String producer, long seq, long range) {
    }

    /**
     * Admits one message's events: all of them, less the duplicates. Reports a gap this message reveals.
     */
    public <T> Admission<T> admit(MessageHeaders headers, List<T> events) {
        messages++;
        String producer = headers.producer();
        Long seq = headers.seq();
        if (producer == null || seq == null || seq < 1) {
            eventsWithoutSequence += events.size();
            eventsWritten += events.size();
            return new Admission<>(events, null, 0, 0);
        }
        Long declared = headers.eventCount();
        long range = declared != null && declared >= events.size() && declared <= MAX_BATCH ? declared : events.size();
        String app = headers.app();
        List<T> admitted = new ArrayList<>(events.size());
        for (long i = 0; i < range; i++) {
            boolean fresh = observe(producer, app, seq + i);
            if (i < events.size()) {
                if (fresh) {
                    admitted.add(events.get((int) i));
                } else {
                    duplicatesSuppressed++;
                }
            }
        }
        eventsWritten += admitted.size();
        return new Admission<>(admitted, producer, seq, range);
    }

    /**
     * Marks {@code range} seqs from {@code seq} seen, silently: what an earlier process wrote, replayed
     * from its journal. Gaps among them were that process's to report.
     */
    public void remember(String producer, long seq, long range) {
        ProducerWindow window = producers.computeIfAbsent(producer, unknown -> new ProducerWindow(seq));
        for (long s = seq; s < seq + range; s++) {
            window.markSeen(s);
        }
        window.accountFromHighest();
    }

    /** An admitted event was in the file already (written by a process killed before it recorded it): counted as a duplicate. */
    public void alreadyWritten() {
        eventsWritten--;
        duplicatesSuppressed++;
    }

    /** True when (producer, seq) was not seen before (as far as the window knows). */
    private boolean observe(String producer, String app, long seq) {
        ProducerWindow window = producers.get(producer);
        if (window == null) {
            producers.put(producer, new ProducerWindow(seq));
            return true;
        }
        long highest = window.highest();
        if (seq > highest) {
            if (seq > highest + 1) {
                gapsReported++;
                eventsMissing += seq - 1 - highest;
                gaps.accept(new Gap(producer, app, highest + 1, seq - 1));
            }
            window.advanceTo(seq);
            return true;
        }
        if (!window.inWindow(seq)) {
            // too old to tell: writing it twice is better than losing it
            beyondWindow++;
            return true;
        }
        if (window.seen(seq)) {
            return false;
        }
        window.set(seq);
        if (seq > window.accountedFrom()) {
            // it was reported missing: it was late, not lost
            lateArrivals++;
            eventsMissing--;
        }
        return true;
    }

    /** What was counted so far. */
    public DeliveryCounts counts() {
        return new DeliveryCounts(messages, eventsWritten, eventsWithoutSequence, duplicatesSuppressed, gapsReported,
                eventsMissing, lateArrivals, beyondWindow);
    }
}
