package io.logcast.collector.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.logcast.collector.FileProblem;
import io.logcast.collector.amqp.ConsumerSettings;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkContext;
import io.logcast.core.BrokerAddresses;
import io.logcast.core.BrokerUri;
import io.logcast.core.TrustStores;
import io.logcast.core.WireContract;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every daemon takes (a {@code @Mixin} of each command): the broker, the exchange and queue, a sink configuration. */
public final class CommonOptions {

    @Option(names = "--uri", paramLabel = "URI",
            description = "The broker. Default: the environment variable LOGCAST_AMQP_URI, else amqp://guest:****@localhost:5672/%%2F. "
                    + "The password is never printed.")
    String uri;

    @Option(names = "--exchange", paramLabel = "NAME", defaultValue = WireContract.DEFAULT_EXCHANGE,
            description = "The fanout exchange to consume, declared as the tutorial does. Default: ${DEFAULT-VALUE}.")
    String exchange;

    @Option(names = "--exchange-durable",
            description = "Declare the exchange durable (only if every producer and consumer does). Default: not durable.")
    boolean exchangeDurable;

    @Option(names = "--routing-key", paramLabel = "KEY", defaultValue = "",
            description = "The binding key; fanout ignores it. Default: empty.")
    String routingKey;

    @Option(names = "--prefetch", paramLabel = "N", defaultValue = "250",
            description = "Unacknowledged messages the broker may send ahead (basic.qos). Default: ${DEFAULT-VALUE}.")
    int prefetch;

    @Option(names = "--durable-queue", paramLabel = "NAME",
            description = "Consume a durable queue of this name (kept while the daemon is down) instead of a "
                    + "server-named exclusive queue that is deleted when the daemon stops. Default: the temporary queue.")
    String durableQueue;

    @Option(names = "--queue-type", paramLabel = "TYPE", defaultValue = "classic",
            description = "The type of --durable-queue: classic (on one node) or quorum (replicated across a cluster's nodes, "
                    + "kept while a majority of them runs; recommended on a cluster). Default: ${DEFAULT-VALUE}.")
    String queueType;

    @Option(names = "--addresses", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The nodes of a cluster, tried in order: the first that answers; after a lost connection the next ones "
                    + "first. User, password, virtual host and TLS come from --uri, its host and port are not used. Default: the host of --uri.")
    String addresses;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Logback configuration file for the sink, replacing the sink options of this daemon.")
    File config;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "For amqps:// URIs: the trust store (PKCS12 or JKS) with the CA that signed the broker's certificate. "
                    + "The certificate and the host name are always verified. Default: the JVM's trust store (cacerts).")
    File trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASSWORD",
            description = "The password of --trust-store, if it has one. Never printed.")
    String trustStorePassword;

    @Option(names = "--max-reconnect-delay", paramLabel = "SECONDS", defaultValue = "30",
            description = "The longest wait between connection attempts; waits double from 1 s up to it. Default: ${DEFAULT-VALUE}.")
    int maxReconnectDelaySeconds;

    /**
     * What to consume and how, checked.
     *
     * @throws CommandLine.ParameterException naming the option and its problem
     */
    public ConsumerSettings consumerSettings(CommandLine commandLine, Topology.QueueCap cap) {
        BrokerUri broker;
        try {
            broker = BrokerUri.parse(uri());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--uri " + e.getMessage());
        }
        BrokerAddresses nodes = null;
        if (addresses != null) {
            try {
                nodes = BrokerAddresses.parse(addresses);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--addresses " + e.getMessage());
            }
        }
        Topology.QueueType type = queueType(commandLine);
        if (prefetch < 1 || prefetch > 65535) {
            throw new CommandLine.ParameterException(commandLine, "--prefetch must be between 1 and 65535, not " + prefetch);
        }
        if (maxReconnectDelaySeconds < 1) {
            throw new CommandLine.ParameterException(commandLine, "--max-reconnect-delay must be at least 1 second");
        }
        SSLContext tls;
        try {
            tls = TrustStores.context(trustStore, trustStorePassword);
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot use --trust-store " + trustStore + " (" + trustStoreProblem(e) + ")");
        }
        Topology topology = new Topology(exchange, exchangeDurable, routingKey, durableQueue, type, cap);
        return new ConsumerSettings(broker, nodes, tls, topology, prefetch, TimeUnit.SECONDS.toMillis(maxReconnectDelaySeconds));
    }

    private Topology.QueueType queueType(CommandLine commandLine) {
        Topology.QueueType type = Arrays.stream(Topology.QueueType.values()).filter(t -> t.toString().equals(queueType)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(commandLine, "--queue-type must be classic or quorum, not '" + queueType + "'"));
        if (type != Topology.QueueType.CLASSIC && durableQueue == null) {
            throw new CommandLine.ParameterException(commandLine, "--queue-type " + type + " needs --durable-queue: the temporary queue is "
                    + "exclusive to the daemon's connection, so always classic");
        }
        return type;
    }

    /** {@code No such file or directory}, {@code keystore password was incorrect}, {@code not a PKCS12 or JKS trust store}. */
    private static String trustStoreProblem(Exception e) {
        if (e instanceof FileSystemException) {
            return FileProblem.reason((IOException) e);
        }
        if (e instanceof IOException && !(e.getCause() instanceof GeneralSecurityException)) {
            return "not a PKCS12 or JKS trust store";
        }
        return e.getMessage();
    }

    /** The sink a {@code --config} file describes, when one is given; else {@code fromOptions}. */
    public Supplier<EventSink> sink(String name, boolean colour, Supplier<EventSink> fromOptions) {
        return config == null ? fromOptions : () -> SinkContext.fromConfiguration(config, "logcast-" + name, colour);
    }

    private String uri() {
        if (uri != null) {
            return uri;
        }
        String fromEnvironment = System.getenv("LOGCAST_AMQP_URI");
        return fromEnvironment == null || fromEnvironment.isBlank() ? BrokerUri.DEFAULT : fromEnvironment;
    }
}
