package io.logcast.appender;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

/** The appender's counters on the platform MBean server, while it runs. */
final class JmxRegistration {

    private static final String OBJECT_NAME_PREFIX = "io.logcast:type=RabbitMQAppender,name=";

    private final ObjectName name;
    private final StatusReporter status;

    private JmxRegistration(ObjectName name, StatusReporter status) {
        this.name = name;
        this.status = status;
    }

    /** Registers {@code mbean} as the appender called {@code appenderName}; null (and a warning) when JMX refuses. */
    static JmxRegistration register(String appenderName, RabbitMQAppenderMBean mbean, StatusReporter status) {
        try {
            ObjectName name = objectName(appenderName);
            ManagementFactory.getPlatformMBeanServer().registerMBean(mbean, name);
            return new JmxRegistration(name, status);
        } catch (JMException | RuntimeException e) {
            status.warn("counters not available over JMX: " + e);
            return null;
        }
    }

    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            status.warn("could not unregister " + name + ": " + e);
        }
    }

    /** The JMX name of the appender called {@code appenderName}. */
    private static ObjectName objectName(String appenderName) throws JMException {
        String value = appenderName.matches("[^,=:\"*?\\s]+") ? appenderName : ObjectName.quote(appenderName);
        return new ObjectName(OBJECT_NAME_PREFIX + value);
    }
}
