package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.collector.account.DeliveryCounts;

import org.junit.jupiter.api.Test;

class WebMetricsTest {

    @Test
    void theExpositionIsPrometheusTextWithHelpAndTypeForEveryFamily() {
        WebMetrics metrics = new WebMetrics();
        metrics.event("INFO");
        metrics.event("INFO");
        metrics.event("ERROR");
        metrics.reconnections.increment();
        DeliveryCounts delivery = new DeliveryCounts(7, 3, 0, 2, 1, 3, 0, 0);
        String text = metrics.exposition(delivery, new WebMetrics.Clients(2, 40, 5, 3, 1234, 9));
        assertThat(text).isEqualTo(String.join("\n",
                "# HELP logcast_messages_total Messages consumed from the broker.",
                "# TYPE logcast_messages_total counter",
                "logcast_messages_total 7",
                "# HELP logcast_events_total Events shown, by level (duplicates excluded).",
                "# TYPE logcast_events_total counter",
                "logcast_events_total{level=\"TRACE\"} 0",
                "logcast_events_total{level=\"DEBUG\"} 0",
                "logcast_events_total{level=\"INFO\"} 2",
                "logcast_events_total{level=\"WARN\"} 0",
                "logcast_events_total{level=\"ERROR\"} 1",
                "# HELP logcast_duplicates_suppressed_total Redelivered or republished events not shown twice.",
                "# TYPE logcast_duplicates_suppressed_total counter",
                "logcast_duplicates_suppressed_total 2",
                "# HELP logcast_gaps_total Jumps in a producer's seq: events that never arrived.",
                "# TYPE logcast_gaps_total counter",
                "logcast_gaps_total 1",
                "# HELP logcast_events_missing_total Events the gaps left out (less those that arrived late).",
                "# TYPE logcast_events_missing_total counter",
                "logcast_events_missing_total 3",
                "# HELP logcast_reconnections_total Reconnections to the broker after a lost connection.",
                "# TYPE logcast_reconnections_total counter",
                "logcast_reconnections_total 1",
                "# HELP logcast_web_clients Pages receiving the live feed now.",
                "# TYPE logcast_web_clients gauge",
                "logcast_web_clients 2",
                "# HELP logcast_web_client_sent_total Feed entries (events and markers) handed to pages' connections.",
                "# TYPE logcast_web_client_sent_total counter",
                "logcast_web_client_sent_total 40",
                "# HELP logcast_web_client_dropped_total Feed entries not sent to a page that did not keep up (each page is told how many).",
                "# TYPE logcast_web_client_dropped_total counter",
                "logcast_web_client_dropped_total 5",
                "# HELP logcast_web_clients_refused_total Pages refused because too many were connected.",
                "# TYPE logcast_web_clients_refused_total counter",
                "logcast_web_clients_refused_total 0",
                "# HELP logcast_web_client_queued_entries Feed entries waiting to be written to pages.",
                "# TYPE logcast_web_client_queued_entries gauge",
                "logcast_web_client_queued_entries 3",
                "# HELP logcast_web_client_queued_bytes Bytes waiting to be written to pages.",
                "# TYPE logcast_web_client_queued_bytes gauge",
                "logcast_web_client_queued_bytes 1234",
                "# HELP logcast_web_recent_entries Feed entries kept in memory for pages opened later.",
                "# TYPE logcast_web_recent_entries gauge",
                "logcast_web_recent_entries 9",
                ""));
    }
}
