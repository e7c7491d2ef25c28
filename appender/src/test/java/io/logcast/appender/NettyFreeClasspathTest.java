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
    void anApplicationThatExcludesNettyDeliversItsEventsFromAmqpClient535OnAndIsToldWhyBefore(TestBroker broker) throws Exception {
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        List<String> declared = List.of(Files.readString(target.resolve("runtime-classpath.txt"), StandardCharsets.UTF_8).trim()
                .split(File.pathSeparator));
        List<String> runtime = declared.stream().filter(entry -> !Path.of(entry).getFileName().toString().startsWith("netty-"))
                .collect(Collectors.toList());
        assertThat(declared.size() - runtime.size()).as("the Netty jars amqp-client declares").isEqualTo(11);
        assertThat(runtime.stream().map(entry -> Path.of(entry).getFileName().toString())
                .filter(name -> !name.startsWith("logcast-appender-")) // on the classpath as a jar where the tests run against one
                .map(name -> name.replaceAll("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "")))
                .as("the appender's runtime dependencies less Netty")
                .containsExactlyInAnyOrder("logcast-core", "logback-classic", "logback-core", "slf4j-api", "amqp-client");
        List<String> classpath = new ArrayList<>(runtime);
        classpath.add(target.resolve("classes").toString());
        classpath.add(target.resolve("test-classes").toString()); // LinesApplication
        String exchange = Queues.uniqueExchange("logs-no-netty");
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "event " + i).collect(Collectors.toList());

        try (CapturedMessages captured = CapturedMessages.bind(broker, exchange)) {
            String printed = new ApplicationJvm(dir).classpath(classpath).logLines(broker.uri(), exchange, lines);

            assertThat(printed).contains("netty=absent").contains("logged");
            if (amqpClientBefore535(runtime)) {
                // amqp-client 5.27 to 5.34 load Netty in ConnectionFactory's constructor (rabbitmq-java-client#2047)
                assertThat(printed).contains("RabbitMQAppender [RABBITMQ]: cannot start (java.lang.NoClassDefFoundError: io/netty/");
                assertThat(captured.all()).isEmpty(); // the application has exited: nothing can come any more
            } else {
                assertThat(captured.await(100, Duration.ofSeconds(20)).stream().map(CapturedMessages::message))
                        .containsExactlyElementsOf(lines);
            }
        }
    }

    private static boolean amqpClientBefore535(List<String> classpath) {
        String jar = classpath.stream().map(entry -> Path.of(entry).getFileName().toString())
                .filter(name -> name.startsWith("amqp-client-")).findFirst().orElseThrow();
        String[] version = jar.substring("amqp-client-".length()).split("[.-]");
        return Integer.parseInt(version[0]) == 5 && Integer.parseInt(version[1]) < 35;
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
