package io.logcast.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real broker: declare a {@link TestBroker} parameter on a test,
 * a lifecycle method or the constructor. See {@link BrokerExtension} for how it is chosen.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(BrokerExtension.class)
public @interface RealBroker {
}
