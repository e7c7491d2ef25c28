package io.logcast.appender;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application for {@link NeverBlocksTest}, run in its own JVM: configures Logback from the file
 * named by {@code -Dlogback.configurationFile}, logs 100,000 events timing every call, prints what
 * it measured and returns from main, leaving the JVM to exit (Logback's shutdown hook stops the
 * appender).
 */
public final class NeverBlocksApplication {

    static final int EVENTS = 100_000;

    private NeverBlocksApplication() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Logger log = LoggerFactory.getLogger("app.main"); // configures Logback
        long configureNanos = System.nanoTime() - start;
        long maxCallNanos = 0;
        for (int i = 0; i < EVENTS; i++) {
            long before = System.nanoTime();
            log.info("event {}", i);
            maxCallNanos = Math.max(maxCallNanos, System.nanoTime() - before);
        }
        long totalNanos = System.nanoTime() - start;
        Object dropped = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.logcast:type=RabbitMQAppender,name=RABBITMQ"), "DroppedCount");
        System.out.println("configure_ms=" + configureNanos / 1_000_000 + " max_call_us=" + maxCallNanos / 1_000
                + " total_ms=" + totalNanos / 1_000_000 + " dropped=" + dropped);
        System.out.println("LAST-CALL-DONE");
        System.out.flush();
    }
}
