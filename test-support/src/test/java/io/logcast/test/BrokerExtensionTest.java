package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import org.junit.jupiter.api.Test;

@RealBroker
class BrokerExtensionTest {

    @Test
    void givesEveryTestTheSameResolvedBroker(TestBroker first, TestBroker second) {
        assertThat(first).isSameAs(second);
        assertThat(first.describe()).doesNotContain(":guest@");
    }

    @Test
    void fanoutReachesTwoExclusiveServerNamedQueues(TestBroker broker) throws Exception {
        String exchange = Queues.uniqueExchange("logs-harness");
        try (Connection connection = broker.newConnection("test-support-fanout")) {
            Channel channel = connection.createChannel();
            Queues.declareTutorialExchange(channel, exchange);
            try {
                String disk = Queues.bindTemporaryQueue(channel, exchange);
                String console = Queues.bindTemporaryQueue(channel, exchange);
                channel.basicPublish(exchange, "", null, "warning: disk almost full".getBytes(StandardCharsets.UTF_8));

                List<GetResponse> toDisk = Queues.awaitMessages(channel, disk, 1, Duration.ofSeconds(10));
                List<GetResponse> toConsole = Queues.awaitMessages(channel, console, 1, Duration.ofSeconds(10));

                assertThat(disk).isNotEqualTo(console);
                assertThat(toDisk).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8)).containsExactly("warning: disk almost full");
                assertThat(toConsole).extracting(r -> new String(r.getBody(), StandardCharsets.UTF_8)).containsExactly("warning: disk almost full");
            } finally {
                channel.exchangeDelete(exchange);
            }
        }
    }

    @Test
    @RequiresRabbitMQ
    void rabbitMqNamesTemporaryQueuesAmqGen(TestBroker broker) throws Exception {
        try (Connection connection = broker.newConnection("test-support-naming")) {
            String queue = connection.createChannel().queueDeclare().getQueue();

            assertThat(queue).startsWith("amq.gen-");
            assertThat(broker.rabbitmqctl("list_queues", "name").orThrow().output()).contains(queue);
        }
    }

    @Test
    @RequiresRabbitMQ
    void rabbitmqctlOnTheSharedBrokerReadsButRefusesToRestartAlarmOrReconfigureIt(TestBroker broker) throws Exception {
        assertThat(broker.rabbitmqctl("-q", "list_vhosts").orThrow().output()).contains("/");
        for (String[] change : new String[][] {{"stop_app"}, {"set_vm_memory_high_watermark", "0"}, {"add_user", "intruder", "secret"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> broker.rabbitmqctl(change))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("refused 'rabbitmqctl " + String.join(" ", change) + "' on the shared broker: ");
        }
    }

    void refusesAnUnknownRequirement() {
        BrokerResolver resolver = new BrokerResolver(java.util.Map.of("LOGCAST_TEST_BROKER", "kafka"));

        org.assertj.core.api.Assertions.assertThatThrownBy(resolver::resolve)
                .hasMessage("LOGCAST_TEST_BROKER=kafka is not understood; the only value is 'rabbitmq'");
    }
}
