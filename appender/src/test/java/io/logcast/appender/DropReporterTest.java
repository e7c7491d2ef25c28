package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;

import org.junit.jupiter.api.Test;

class DropReporterTest {

    private final RecordedStatus app = new RecordedStatus();
    private final Counters counters = new Counters();
    private final DropReporter drops = new DropReporter(counters, app.reporter, "unit", 100);

    @Test
    void countsEveryDropAndWarnsOncePerInterval() {
        for (int i = 0; i < 250; i++) {
            drops.dropped();
        }

        assertThat(counters.dropped.sum()).isEqualTo(250);
        assertThat(app.warnings()).containsExactly("RabbitMQAppender [unit]: buffer full (100 events), dropping events; 1 dropped so far."
                + " The broker is unreachable, blocked or slower than the application.");
    }

    @Test
    void theReportInTheStreamSaysHowManyWereDroppedSinceTheLastReport() {
        assertThat(drops.takeReport(app.context)).isNull();
        for (int i = 0; i < 7; i++) {
            drops.dropped();
        }

        LoggingEvent report = drops.takeReport(app.context);

        assertThat(report.getLevel()).isEqualTo(Level.WARN);
        assertThat(report.getLoggerName()).isEqualTo("io.logcast.appender.RabbitMQAppender");
        assertThat(report.getFormattedMessage())
                .isEqualTo("7 events dropped by appender [unit] because its buffer (100 events) was full; they were never sent");
        assertThat(drops.takeReport(app.context)).isNull();
        drops.dropped();
        assertThat(drops.takeReport(app.context).getFormattedMessage()).startsWith("1 events dropped");
    }
}
