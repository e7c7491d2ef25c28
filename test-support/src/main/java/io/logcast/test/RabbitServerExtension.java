package io.logcast.test;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs {@link RequiresRabbitServer} tests where a usable {@code rabbitmq-server} is installed, and
 * gives them the scratch node: one {@link RabbitNode} per test JVM, started on first use, stopped when
 * the run ends. Tests on it may reconfigure it (users, alarms) and undo what they did; they do not
 * stop or restart it.
 */
final class RabbitServerExtension implements ExecutionCondition, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RabbitServerExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(RabbitServer.find().isPresent() ? Optional.empty() : Optional.of(RabbitServer.unusableReason()), System.getenv());
    }

    /** Enabled when {@code rabbitmq-server} is usable; else skipped with the reason, or failed where the environment requires RabbitMQ. */
    static ConditionEvaluationResult evaluate(Optional<String> unusable, Map<String, String> environment) {
        if (unusable.isEmpty()) {
            return ConditionEvaluationResult.enabled("rabbitmq-server can start nodes of the test's own");
        }
        String reason = "needs RabbitMQ nodes of its own, but " + unusable.get();
        if ("rabbitmq".equals(environment.get(BrokerResolver.REQUIRE_VARIABLE))) {
            throw new ExtensionConfigurationException(BrokerResolver.REQUIRE_VARIABLE + "=rabbitmq: this test " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RabbitNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RabbitNode.class, key -> startScratchNode(), RabbitNode.class);
    }

    private static RabbitNode startScratchNode() {
        try {
            RabbitNode node = RabbitNode.start("scratch");
            System.out.println("[logcast-test] scratch RabbitMQ node: " + node);
            return node;
        } catch (java.io.IOException e) {
            throw new ExtensionConfigurationException("the scratch RabbitMQ node did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtensionConfigurationException("interrupted while the scratch RabbitMQ node started", e);
        }
    }
}
