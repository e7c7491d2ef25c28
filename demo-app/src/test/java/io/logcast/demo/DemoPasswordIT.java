package io.logcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.rabbitmq.client.Connection;

import io.logcast.test.CommandResult;
import io.logcast.test.Queues;
import io.logcast.test.RabbitNode;
import io.logcast.test.RequiresRabbitServer;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;

/**
 * The demo's output never shows the broker password: neither when it delivers nor when the login is
 * refused. The user with that password is added to a node of the test's own.
 */
@RequiresRabbitServer
class DemoPasswordIT {

    @Test
    void aDistinctivePasswordAppearsInNoOutputOfTheDemoWhetherTheLoginWorksOrIsRefused(RabbitNode scratch) throws Exception {
        TestBroker broker = scratch.broker();
        String user = "logcast-demo-test-" + UUID.randomUUID();
        String password = "Pw-" + UUID.randomUUID().toString().replace("-", "");
        String exchange = Queues.uniqueExchange("logs-demo");
        scratch.addUser(user, password);
        try (Connection connection = broker.newConnection("demo-password-it")) {
            Queues.declareTutorialExchange(connection.createChannel(), exchange);
            String base = "@" + broker.host() + ":" + broker.port() + "/%2F";

            CommandResult delivered = DemoProcesses.java(Duration.ofSeconds(90), "-jar", DemoProcesses.demoJar().toString(),
                    "--count", "50", "--rate", "0", "--uri", "amqp://" + user + ":" + password + base, "--exchange", exchange);
            CommandResult refused = DemoProcesses.java(Duration.ofSeconds(90), "-jar", DemoProcesses.demoJar().toString(),
                    "--count", "5", "--rate", "0", "--uri", "amqp://" + user + ":" + password + "-wrong" + base, "--exchange", exchange);

            assertThat(delivered.exitCode()).as(delivered.output()).isZero();
            assertThat(delivered.output()).contains("50 published, 50 confirmed");
            assertThat(refused.output()).contains("login refused");
            for (CommandResult run : new CommandResult[] {delivered, refused}) {
                assertThat(run.output()).doesNotContain(password).doesNotContain(URLEncoder.encode(password, StandardCharsets.UTF_8));
            }
        } finally {
            try (Connection connection = broker.newConnection("demo-password-it-cleanup")) {
                connection.createChannel().exchangeDelete(exchange);
            }
            scratch.deleteUser(user);
        }
    }
}
