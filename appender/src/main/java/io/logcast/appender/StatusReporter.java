package io.logcast.appender;

import ch.qos.logback.core.spi.ContextAware;

/**
 * The appender's voice: Logback status messages, each beginning with {@code RabbitMQAppender [name]: }.
 * Never SLF4J, which would feed the appender its own messages.
 */
final class StatusReporter {

    private final ContextAware target;
    private final String prefix;

    StatusReporter(ContextAware target, String appenderName) {
        this.target = target;
        this.prefix = "RabbitMQAppender [" + appenderName + "]: ";
    }

    void info(String message) {
        target.addInfo(prefix + message);
    }

    void warn(String message) {
        target.addWarn(prefix + message);
    }

    void error(String message) {
        target.addError(prefix + message);
    }

    void error(String message, Throwable cause) {
        target.addError(prefix + message, cause);
    }
}
