package io.logcast.collector.account;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import io.logcast.appender.WireContract;
import io.logcast.collector.decode.HeaderValues;
import io.logcast.collector.sink.TerminalText;

/**
 * Loss and duplicate accounting by the wire contract's {@code producer} and {@code seq} headers (a
 * batch covers {@code seq .. seq + event_count - 1}). A jump past the next expected seq is a gap: one
 * WARN line on the diagnostics stream with the producer, the range and the count. A seq seen before,
 * within the last {@link ProducerWindow#SIZE} seqs of its producer, is a duplicate (at-least-once
 * redelivery or republishing) and is not handed on. Messages without both headers (tutorial clients,
 * other producers) are handed on unchecked. Used by the consuming thread only.
 */
public final class DeliveryAccounting {

    /** Producers remembered at once; the least recently heard from is forgotten first. */
    static final int MAX_PRODUCERS = 1024;
    /** A header {@code event_count} above this is not believed (garbage); the decoded count is used. */
    static final long MAX_BATCH = 100_000;

    private final PrintStream diagnostics;
    private final Observer observer;
    private final Map<String, ProducerWindow> producers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProducerWindow> eldest) {
            return size() > MAX_PRODUCERS;
        }
    };

    private long messages;
    private long eventsWritten;
    private long eventsWithoutSequence;
    private long duplicatesSuppressed;
    private long gapsReported;
    private long eventsMissing;
    private long lateArrivals;
    private long beyondWindow;

    public DeliveryAccounting(PrintStream diagnostics) {
        this(diagnostics, new Observer() { });
    }

    public DeliveryAccounting(PrintStream diagnostics, Observer observer) {
        this.diagnostics = diagnostics;
        this.observer = observer;
    }

    /** Told what the accounting finds, on the consuming thread (a live view shows it). */
    public interface Observer {
        /** One message admitted: {@code events} handed on, {@code duplicates} suppressed. */
        default void admitted(int events, int duplicates) {
        }

        /** The producer's seqs {@code from..to} are missing ({@code app} null when unknown). */
        default void gap(String producer, String app, long from, long to) {
        }

        /** An event reported missing arrived after all. */
        default void lateArrival() {
        }
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
    public <T> Admission<T> admit(AMQP.BasicProperties properties, List<T> events) {
        messages++;
        Map<String, Object> headers = properties == null || properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        String producer = HeaderValues.text(headers.get(WireContract.HEADER_PRODUCER));
        Long seq = HeaderValues.number(headers.get(WireContract.HEADER_SEQ));
        if (producer == null || seq == null || seq < 1) {
            eventsWithoutSequence += events.size();
            eventsWritten += events.size();
            observer.admitted(events.size(), 0);
            return new Admission<>(events, null, 0, 0);
        }
        Long declared = HeaderValues.number(headers.get(WireContract.HEADER_EVENT_COUNT));
        long range = declared != null && declared >= events.size() && declared <= MAX_BATCH ? declared : events.size();
        String app = HeaderValues.text(headers.get(WireContract.HEADER_APP));
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
        observer.admitted(admitted.size(), events.size() - admitted.size());
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
                reportGap(producer, app, highest + 1, seq - 1);
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
            observer.lateArrival();
        }
        return true;
    }

    private void reportGap(String producer, String app, long from, long to) {
        long count = to - from + 1;
        gapsReported++;
        eventsMissing += count;
        observer.gap(producer, app, from, to);
        diagnostics.println("logcast-collector: WARN producer " + TerminalText.escape(producer)
                + (app == null ? "" : " (app " + TerminalText.escape(app) + ")") + ": "
                + count + (count == 1 ? " event" : " events") + " missing (seq " + (count == 1 ? from : from + ".." + to) + ")");
        diagnostics.flush();
    }

    /** The one-line summary printed at shutdown. */
    public String summary() {
        return "delivery summary: " + messages + " messages, " + eventsWritten + " events written ("
                + eventsWithoutSequence + " without producer/seq), " + duplicatesSuppressed + " duplicates suppressed, "
                + gapsReported + " gaps reported, " + eventsMissing + " events missing, " + lateArrivals + " late arrivals, "
                + beyondWindow + " beyond the duplicate window";
    }

    public long messages() {
        return messages;
    }

    public long eventsWritten() {
        return eventsWritten;
    }

    public long duplicatesSuppressed() {
        return duplicatesSuppressed;
    }

    public long gapsReported() {
        return gapsReported;
    }

    public long eventsMissing() {
        return eventsMissing;
    }

    public long lateArrivals() {
        return lateArrivals;
    }
}
