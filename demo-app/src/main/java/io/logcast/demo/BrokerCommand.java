package io.logcast.demo;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.logcast.broker.EmbeddedBroker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: runs the embedded AMQP 0-9-1 broker (Apache Qpid Broker-J, in memory) until
 * SIGINT/SIGTERM, for a demo on a machine without RabbitMQ. Prints one line with its URI on stdout
 * once it accepts connections.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = DemoApp.Version.class,
        description = "Runs an embedded AMQP 0-9-1 broker (Apache Qpid Broker-J, in memory, guest/guest, 127.0.0.1 only) until stopped.")
final class BrokerCommand implements Callable<Integer> {

    /** Logback configuration of this process: the broker's own warnings on stderr, nothing published. */
    static final String LOGBACK_CONFIGURATION = "logback-broker.xml";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5672",
            description = "The port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        // Before Qpid's first log call: this process must not ship its logs to the broker it runs.
        System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        EmbeddedBroker broker;
        try {
            broker = EmbeddedBroker.start(port);
        } catch (RuntimeException e) {
            System.err.println("logcast demo broker: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("embedded broker (Apache Qpid Broker-J) listening at " + broker.maskedUri()
                + " (login " + EmbeddedBroker.USERNAME + ", the embedded broker's fixed password)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
