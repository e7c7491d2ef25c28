package io.logcast.demo;

import java.lang.reflect.Method;
import java.util.Iterator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;

/**
 * What the RabbitMQ appender says it delivered: its counters {@code PublishedCount},
 * {@code ConfirmedCount} and {@code DroppedCount}, the attributes of its JMX MBean
 * {@code io.logcast:type=RabbitMQAppender,name=<appender name>}.
 *
 * <p>The numbers are final only once the appender has drained its buffer, so {@link #drainAndRead}
 * first stops that one appender ({@link Appender#stop()} waits for the broker's confirms within the
 * appender's grace period). The appender unregisters its MBean when it stops, so the counters are
 * then read from the MBean's getters on the appender object itself, by name: the demo imports no
 * logcast class and finds the appender through Logback's generic API, by the name logback.xml
 * gives it.
 */
final class DeliveryReport {

    private static final String[] COUNTERS = {"PublishedCount", "ConfirmedCount", "DroppedCount"};

    final long published;
    final long confirmed;
    final long dropped;

    private DeliveryReport(long[] counts) {
        this.published = counts[0];
        this.confirmed = counts[1];
        this.dropped = counts[2];
    }

    /**
     * Stops the appender called {@code appenderName} (so that it delivers what it buffered) and
     * returns its counters.
     *
     * @throws IllegalStateException with the reason, when there is no such started appender or it has
     *                               no such counters
     */
    static DeliveryReport drainAndRead(LoggerContext context, String appenderName) {
        Appender<ILoggingEvent> appender = find(context, appenderName);
        if (appender == null) {
            throw new IllegalStateException("no appender named " + appenderName + " is attached (see the Logback status above)");
        }
        if (!appender.isStarted()) {
            throw new IllegalStateException("appender " + appenderName + " did not start (see the Logback status above)");
        }
        appender.stop();
        long[] counts = new long[COUNTERS.length];
        try {
            for (int i = 0; i < COUNTERS.length; i++) {
                Method getter = appender.getClass().getMethod("get" + COUNTERS[i]);
                counts[i] = ((Number) getter.invoke(appender)).longValue();
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(appender.getClass().getName() + " has no counter " + e.getMessage(), e);
        }
        return new DeliveryReport(counts);
    }

    private static Appender<ILoggingEvent> find(LoggerContext context, String appenderName) {
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appenderName.equals(appender.getName())) {
                    return appender;
                }
            }
        }
        return null;
    }
}
