package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TcpProxy;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/** Counters as methods and over JMX, registered while the appender runs. */
@RealBroker
class CountersTest {

    private static final List<String> ATTRIBUTES = List.of("PublishedCount", "ConfirmedCount", "DroppedCount", "NackedCount",
            "RepublishedCount", "UnencodableCount", "TruncatedCount", "UnroutableCount", "ReconnectCount", "BufferDepth");

    @Test
    void countersAreReadableThroughJmxAndAsMethodsWhileTheAppenderRuns(TestBroker broker) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.logcast:type=RabbitMQAppender,name=counters-jmx");
        String exchange = Queues.uniqueExchange("logs-counters");
        try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port());
                CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            LoggingFixture logging = LoggingFixture.start("counters-jmx", proxy.rewrite(broker.uri()), exchange, a -> {
                                a.setBufferSize(150);
            });
            RabbitMQAppender appender = logging.appender;
            assertThat(server.isRegistered(name)).isTrue();

            for (int i = 0; i < 100; i++) {
                logging.logger.info("event {}", i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> appender.getConfirmedCount() == 100);
            assertThat(jmx(server, name)).isEqualTo(counters(100, 100, 0, 0, 0, 0));

            proxy.refuse(); // nothing in flight: the cut costs no republication
            await().atMost(Duration.ofSeconds(20)).until(() -> logging.warnings().stream().anyMatch(w -> w.contains("lost")));
            for (int i = 100; i < 300; i++) {
                logging.logger.info("event {}", i);
            }
            assertThat(jmx(server, name)).isEqualTo(counters(100, 100, 50, 0, 0, 150));
            proxy.resume();
            await().atMost(Duration.ofSeconds(20)).until(() -> appender.getConfirmedCount() == 251);
            // 150 buffered events plus the one event that reports the 50 dropped
            assertThat(jmx(server, name)).isEqualTo(counters(251, 251, 50, 0, 1, 0));
            assertThat(jmx(server, name)).isEqualTo(methods(appender));
            assertThat(captured.await(251, Duration.ofSeconds(20))).hasSize(251);

            logging.close();
            assertThat(server.isRegistered(name)).isFalse();
        }
    }

    private static Map<String, Object> jmx(MBeanServer server, ObjectName name) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String attribute : ATTRIBUTES) {
            values.put(attribute, server.getAttribute(name, attribute));
        }
        return values;
    }

    /** The counters of a run without nacks, cuts in flight, bad events or unbound exchanges. */
    private static Map<String, Object> counters(long published, long confirmed, long dropped, long republished, long reconnects, int depth) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("PublishedCount", published);
        values.put("ConfirmedCount", confirmed);
        values.put("DroppedCount", dropped);
        values.put("NackedCount", 0L);
        values.put("RepublishedCount", republished);
        values.put("UnencodableCount", 0L);
        values.put("TruncatedCount", 0L);
        values.put("UnroutableCount", 0L);
        values.put("ReconnectCount", reconnects);
        values.put("BufferDepth", depth);
        return values;
    }

    private static Map<String, Object> methods(RabbitMQAppender appender) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("PublishedCount", appender.getPublishedCount());
        values.put("ConfirmedCount", appender.getConfirmedCount());
        values.put("DroppedCount", appender.getDroppedCount());
        values.put("NackedCount", appender.getNackedCount());
        values.put("RepublishedCount", appender.getRepublishedCount());
        values.put("UnencodableCount", appender.getUnencodableCount());
        values.put("TruncatedCount", appender.getTruncatedCount());
        values.put("UnroutableCount", appender.getUnroutableCount());
        values.put("ReconnectCount", appender.getReconnectCount());
        values.put("BufferDepth", appender.getBufferDepth());
        return values;
    }
}
