package io.logcast.collector.web;

import java.util.concurrent.atomic.LongAdder;

import io.logcast.collector.account.DeliveryCounts;

/**
 * The web side's own counters, and the Prometheus text exposition ({@code GET /metrics}) of them with
 * the daemon's {@link DeliveryCounts}. Counted on the consuming thread and by the pages' writers; read
 * by any request.
 */
final class WebMetrics {

    final LongAdder reconnections = new LongAdder();
    final LongAdder[] eventsByLevel = new LongAdder[EventQuery.LEVELS.size()];
    final LongAdder clientsRefused = new LongAdder();

    WebMetrics() {
        for (int i = 0; i < eventsByLevel.length; i++) {
            eventsByLevel[i] = new LongAdder();
        }
    }

    void event(String level) {
        int index = EventQuery.LEVELS.indexOf(level);
        if (index >= 0) {
            eventsByLevel[index].increment();
        }
    }

    /** The pages' counts: those connected now and, for sent and dropped, those gone too. */
    record Clients(int connected, long sent, long dropped, long queuedEntries, long queuedBytes, int recentEntries) {
    }

    /** The Prometheus text format, version 0.0.4. */
    String exposition(DeliveryCounts delivery, Clients clients) {
        StringBuilder text = new StringBuilder(2048);
        counter(text, "logcast_messages_total", "Messages consumed from the broker.", delivery.messages());
        header(text, "logcast_events_total", "counter", "Events shown, by level (duplicates excluded).");
        for (int i = 0; i < eventsByLevel.length; i++) {
            text.append("logcast_events_total{level=\"").append(EventQuery.LEVELS.get(i)).append("\"} ")
                    .append(eventsByLevel[i].sum()).append('\n');
        }
        counter(text, "logcast_duplicates_suppressed_total", "Redelivered or republished events not shown twice.",
                delivery.duplicatesSuppressed());
        counter(text, "logcast_gaps_total", "Jumps in a producer's seq: events that never arrived.", delivery.gapsReported());
        counter(text, "logcast_events_missing_total", "Events the gaps left out (less those that arrived late).",
                delivery.eventsMissing());
        counter(text, "logcast_reconnections_total", "Reconnections to the broker after a lost connection.",
                reconnections.sum());
        gauge(text, "logcast_web_clients", "Pages receiving the live feed now.", clients.connected());
        counter(text, "logcast_web_client_sent_total", "Feed entries (events and markers) handed to pages' connections.",
                clients.sent());
        counter(text, "logcast_web_client_dropped_total",
                "Feed entries not sent to a page that did not keep up (each page is told how many).",
                clients.dropped());
        counter(text, "logcast_web_clients_refused_total", "Pages refused because too many were connected.",
                clientsRefused.sum());
        gauge(text, "logcast_web_client_queued_entries", "Feed entries waiting to be written to pages.",
                clients.queuedEntries());
        gauge(text, "logcast_web_client_queued_bytes", "Bytes waiting to be written to pages.", clients.queuedBytes());
        gauge(text, "logcast_web_recent_entries", "Feed entries kept in memory for pages opened later.",
                clients.recentEntries());
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, long value) {
        sample(text, name, "counter", help, value);
    }

    private static void gauge(StringBuilder text, String name, String help, long value) {
        sample(text, name, "gauge", help, value);
    }

    private static void sample(StringBuilder text, String name, String type, String help, long value) {
        header(text, name, type, help);
        text.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
