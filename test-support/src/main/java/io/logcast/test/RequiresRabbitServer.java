package io.logcast.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (or a class of tests) that starts RabbitMQ nodes of its own ({@link RabbitNode},
 * {@link RabbitCluster}) from the installed {@code rabbitmq-server}: to restart, alarm, reconfigure or
 * cluster a broker, never the developer's. Where no usable {@code rabbitmq-server} is installed the
 * test is skipped with the reason; with {@code LOGCAST_TEST_BROKER=rabbitmq} (CI) it fails instead.
 * A {@link RabbitNode} parameter receives the run's scratch node, shared by the tests of this JVM;
 * a test that restarts or stops a node starts its own with {@link RabbitNode#start(String)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RabbitServerExtension.class)
public @interface RequiresRabbitServer {
}
