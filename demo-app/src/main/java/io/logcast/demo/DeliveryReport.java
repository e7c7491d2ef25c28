package io.logcast.demo;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;

/**
 * What the RabbitMQ appender says it delivered: its counters {@code PublishedCount},
 * {@code ConfirmedCount} and {@code DroppedCount}, the attributes of its JMX MBean
 * {@code io.logcast:type=RabbitMQAppender,name=<appender name>}. The demo imports no logcast class;
 * it finds the appender by the name logback.xml gives it, through Logback's generic API.
 *
 * <p>The numbers are final only once the appender has drained its buffer, so {@link #drainAndRead}
 * first stops that one appender ({@link Appender#stop()} waits for the broker's confirms within the
 * appender's grace period). The appender unregisters its MBean when it stops, so the counters are
 * then read from the same getters on the appender object (the MBean interface's methods); the
 * MBean itself is read only if it is still registered.
 */
final class DeliveryReport {

    static final String MBEAN_DOMAIN_AND_TYPE = "io.logcast:type=RabbitMQAppender,name=";
    private static final String[] ATTRIBUTES = {"PublishedCount", "ConfirmedCount", "DroppedCount"};

    final long published;
    final long confirmed;
    final long dropped;

    private DeliveryReport(long published, long confirmed, long dropped) {
        this.published = published;
        this.confirmed = confirmed;
        this.dropped = dropped;
    }

    /**
     * Stops the appender called {@code appenderName} (so that it delivers what it buffered) and
     * returns its counters.
     *
     * @throws IllegalStateException with the reason, when there is no such appender or its counters
     *                               cannot be read
     */
    static DeliveryReport drainAndRead(LoggerContext context, String appenderName) {
        Appender<ILoggingEvent> appender = find(context, appenderName);
        if (appender == null) {
            throw new IllegalStateException("no appender named " + appenderName + " is attached (see the Logback status above)");
        }
        if (!appender.isStarted()) {
            throw new IllegalStateException("appender " + appenderName + " did not start (see the Logback status above)");
        }
        ObjectName name = objectName(appenderName);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        appender.stop();
        try {
            if (server.isRegistered(name)) {
                return fromMBean(server, name);
            }
            return fromGetters(appender);
        } catch (ReflectiveOperationException | javax.management.JMException e) {
            throw new IllegalStateException("cannot read the counters of appender " + appenderName + ": " + e, e);
        }
    }

    private static DeliveryReport fromMBean(MBeanServer server, ObjectName name) throws javax.management.JMException {
        AttributeList values = server.getAttributes(name, ATTRIBUTES);
        long[] counts = new long[ATTRIBUTES.length];
        for (Attribute attribute : values.asList()) {
            counts[List.of(ATTRIBUTES).indexOf(attribute.getName())] = ((Number) attribute.getValue()).longValue();
        }
        if (values.size() != ATTRIBUTES.length) {
            throw new javax.management.AttributeNotFoundException(name + " has not all of " + String.join(", ", ATTRIBUTES));
        }
        return new DeliveryReport(counts[0], counts[1], counts[2]);
    }

    private static DeliveryReport fromGetters(Appender<ILoggingEvent> appender) throws ReflectiveOperationException {
        long[] counts = new long[ATTRIBUTES.length];
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            Method getter = appender.getClass().getMethod("get" + ATTRIBUTES[i]);
            counts[i] = ((Number) getter.invoke(appender)).longValue();
        }
        return new DeliveryReport(counts[0], counts[1], counts[2]);
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

    private static ObjectName objectName(String appenderName) {
        try {
            return new ObjectName(MBEAN_DOMAIN_AND_TYPE + appenderName);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("appender name " + appenderName + " makes no JMX name", e);
        }
    }
}
