package io.logcast.appender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.logcast.test.Queues;
import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * amqp-client declares 11 Netty jars, for its opt-in Netty I/O; the appender's default socket I/O
 * needs none of them. An application whose classpath is the appender's runtime classpath, as Maven
 * resolves it for a user (written by the build to target/runtime-classpath.txt), less every Netty jar,
 * delivers its events: with amqp-client 5.35 or later an application may exclude {@code io.netty}.
 */
@RealBroker
class NettyFreeClasspathTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationThatExcludesNettyDeliversItsEvents(TestBroker broker) throws Exception {
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        List<String> declared = List.of(Files.readString(target.resolve("runtime-classpath.txt"), StandardCharsets.UTF_8).trim()
                .split(File.pathSeparator));
        List<String> runtime = declared.stream().filter(entry -> !Path.of(entry).getFileName().toString().startsWith("netty-"))
                .collect(Collectors.toList());
        assertThat(declared.size() - runtime.size()).as("the Netty jars amqp-client declares").isEqualTo(11);
        assertThat(runtime.stream().map(entry -> Path.of(entry).getFileName().toString()))
                .as("logcast-core, logback-classic, logback-core, slf4j-api, amqp-client: nothing else")
                .hasSize(5).anyMatch(name -> name.startsWith("amqp-client-")).anyMatch(name -> name.startsWith("slf4j-api-"));
        List<String> classpath = new ArrayList<>(runtime);
        classpath.add(target.resolve("classes").toString());
        classpath.add(target.resolve("test-classes").toString()); // LinesApplication
        String exchange = Queues.uniqueExchange("logs-no-netty");
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "event " + i).collect(Collectors.toList());

        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            String printed = new ApplicationJvm(dir).classpath(classpath).logLines(broker.uri(), exchange, lines);

            assertThat(printed).contains("netty=absent");
            assertThat(captured.await(100, Duration.ofSeconds(20)).stream().map(CapturedMessages::message)).containsExactlyElementsOf(lines);
        }
    }

    @Test
    void anApplicationWithoutAmqpClientOnItsClasspathRunsOnAndLogbackSaysWhy(TestBroker broker) throws Exception {
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        List<String> classpath = Stream.of(Files.readString(target.resolve("runtime-classpath.txt"), StandardCharsets.UTF_8).trim()
                .split(File.pathSeparator)).filter(entry -> !Path.of(entry).getFileName().toString().startsWith("amqp-client-"))
                .collect(Collectors.toCollection(ArrayList::new));
        classpath.add(target.resolve("classes").toString());
        classpath.add(target.resolve("test-classes").toString());

        String printed = new ApplicationJvm(dir).classpath(classpath)
                .logLines(broker.uri(), Queues.uniqueExchange("logs-no-client"), List.of("still running"));

        assertThat(printed).contains("logged")
                .contains("RabbitMQAppender [RABBITMQ]: cannot start (java.lang.NoClassDefFoundError: com/rabbitmq/client/")
                .contains("the appender does not start and the application goes on without it");
    }
}
