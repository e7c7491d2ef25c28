package io.logcast.test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.RabbitMQContainer;

/** The Testcontainers step of the resolution: a RabbitMQ in Docker, when a Docker engine answers. */
final class Containers {

    private Containers() {
    }

    /** Starts a RabbitMQ container, or returns null (and says why in {@code tried}) when it cannot. */
    static BrokerResolver.Resolved tryStart(List<String> tried) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                tried.add("Testcontainers: no Docker engine");
                return null;
            }
            RabbitMQContainer container = new RabbitMQContainer(BrokerResolver.CONTAINER_IMAGE);
            container.start();
            URI uri = URI.create("amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@"
                    + container.getHost() + ":" + container.getAmqpPort() + "/%2F");
            TestBroker broker = new TestBroker(TestBroker.Source.CONTAINER, uri, true, "RabbitMQ", args -> {
                List<String> command = new ArrayList<>();
                command.add("rabbitmqctl");
                command.addAll(args);
                Container.ExecResult result = container.execInContainer(command.toArray(new String[0]));
                return new CommandResult(result.getExitCode(), result.getStdout() + result.getStderr());
            });
            return new BrokerResolver.Resolved(broker, null, container::stop);
        } catch (Throwable e) {
            // Testcontainers probes Docker in several ways; any failure means "not available here".
            tried.add("Testcontainers: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return null;
        }
    }
}
