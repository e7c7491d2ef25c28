package io.logcast.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (or a class of tests) that needs RabbitMQ itself: {@code rabbitmqctl}, its alarms,
 * its {@code amq.gen-} queue names. On the embedded broker it is skipped with that reason.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BrokerExtension.class)
public @interface RequiresRabbitMQ {
}
