package io.logcast.test;

import java.lang.reflect.AnnotatedElement;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a real broker, resolved once per test run (see {@link BrokerResolver} for
 * the order) and announced once on standard output. A broker the run started (container, embedded)
 * stops when the run ends. Tests marked {@link RequiresRabbitMQ} are skipped, with the reason, when
 * the broker is not RabbitMQ. A broker the run did not start (the developer's) is only used: after
 * each test class, the class fails if that broker was restarted or alarmed since the run resolved
 * it ({@link SharedBrokerWatch}).
 */
public final class BrokerExtension implements ParameterResolver, ExecutionCondition, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean needsRabbit = context.getElement().map(BrokerExtension::requiresRabbit).orElse(false)
                || context.getTestClass().map(BrokerExtension::requiresRabbit).orElse(false);
        if (!needsRabbit) {
            return ConditionEvaluationResult.enabled("any AMQP 0-9-1 broker will do");
        }
        TestBroker broker = broker(context);
        if (broker.isRabbitMQ() && broker.hasRabbitmqctl()) {
            return ConditionEvaluationResult.enabled("RabbitMQ with rabbitmqctl: " + broker.describe());
        }
        return ConditionEvaluationResult.disabled("needs RabbitMQ itself (rabbitmqctl, its alarms and queue names); the broker is "
                + broker.describe());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        BrokerResolver.Resolved resolved = context.getRoot().getStore(NAMESPACE).get(BrokerResolver.Resolved.class, BrokerResolver.Resolved.class);
        if (resolved != null && resolved.watch != null) {
            resolved.watch.verifyUntouched();
        }
    }

    /** The run's broker, for code that is not a parameter-injected test (for example a static helper). */
    public static TestBroker broker(ExtensionContext context) {
        BrokerResolver.Resolved resolved = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(BrokerResolver.Resolved.class, key -> resolveOnce(), BrokerResolver.Resolved.class);
        return resolved.broker;
    }

    private static BrokerResolver.Resolved resolveOnce() {
        try {
            BrokerResolver.Resolved resolved = new BrokerResolver(System.getenv()).resolve();
            System.out.println("[logcast-test] broker: " + resolved.broker.describe());
            return resolved;
        } catch (RuntimeException e) {
            System.out.println("[logcast-test] no broker: " + e.getMessage());
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    private static boolean requiresRabbit(AnnotatedElement element) {
        return element.isAnnotationPresent(RequiresRabbitMQ.class);
    }
}
