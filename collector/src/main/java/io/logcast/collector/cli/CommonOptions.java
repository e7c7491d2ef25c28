package io.logcast.collector.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import io.logcast.collector.FileProblem;
import io.logcast.collector.amqp.ConsumerSettings;
import io.logcast.collector.amqp.StreamDeclaration;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkContext;
import io.logcast.collector.stream.StartPoint;
import io.logcast.collector.stream.StreamReading;
import io.logcast.core.BrokerAddresses;
import io.logcast.core.BrokerUri;
import io.logcast.core.TrustStores;
import io.logcast.core.WireContract;

import ch.qos.logback.core.util.FileSize;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every daemon takes (a {@code @Mixin} of each command): the broker, the exchange and queue, a sink configuration. */
public final class CommonOptions {

    /** {@code x-max-age} as RabbitMQ reads it. */
    private static final Pattern MAX_AGE = Pattern.compile("\\d{1,9}[YMDhms]");

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

    @Option(names = "--stream", paramLabel = "NAME",
            description = "Read the RabbitMQ stream NAME instead of a queue of the daemon's own: declared if missing (durable, "
                    + "bound to the exchange), it keeps every event whether a daemon runs or not. Needs RabbitMQ 3.9 or later.")
    String stream;

    @Option(names = "--stream-max-age", paramLabel = "AGE", defaultValue = "7D",
            description = "How long a stream that --stream declares keeps events (x-max-age; units Y, M, D, h, m, s). Default: ${DEFAULT-VALUE}.")
    String streamMaxAge;

    @Option(names = "--stream-max-bytes", paramLabel = "SIZE", defaultValue = "10GB", converter = SizeConverter.class,
            description = "The most a stream that --stream declares keeps (x-max-length-bytes; KB, MB, GB). Default: ${DEFAULT-VALUE}.")
    FileSize streamMaxBytes;

    @Option(names = "--from", paramLabel = "WHERE",
            description = "With --stream, where to start: first, last, next, an offset, a time (2026-12-03T07:00:00Z) or a duration ago "
                    + "(15m, 2h, 1d); a time selects the events whose time is at or after it.")
    String from;

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
        // the JDK's trust store costs a tenth of a second at start-up: read only for a TLS broker, or to check --trust-store now
        SSLContext tls = null;
        try {
            if (broker.isTls() || trustStore != null) {
                tls = TrustStores.context(trustStore, trustStorePassword);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot use --trust-store " + trustStore + " (" + trustStoreProblem(e) + ")");
        }
        Topology topology;
        if (stream == null) {
            topology = new Topology(exchange, exchangeDurable, routingKey, durableQueue, type, cap);
        } else {
            if (durableQueue != null) {
                throw new CommandLine.ParameterException(commandLine, "--stream and --durable-queue exclude each other: a daemon reads one or the other");
            }
            if (!MAX_AGE.matcher(streamMaxAge).matches()) {
                throw new CommandLine.ParameterException(commandLine, "--stream-max-age must be a number and a unit (Y, M, D, h, m, s), e.g. 7D, not '"
                        + streamMaxAge + "'");
            }
            topology = Topology.forStream(exchange, exchangeDurable, routingKey, new StreamDeclaration(stream, streamMaxAge, streamMaxBytes.getSize()));
        }
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

    /**
     * How to read the stream of {@code --stream}, or null without one.
     *
     * @param defaultFrom where to start without {@code --from}; null: where the journal says, else the first message
     * @throws CommandLine.ParameterException for a {@code --from} that is no start point, or one without {@code --stream}
     */
    public StreamReading streamReading(CommandLine commandLine, StartPoint defaultFrom, boolean follow, boolean showsHistory) {
        if (stream == null) {
            if (from != null) {
                throw new CommandLine.ParameterException(commandLine, "--from needs --stream: a queue is read from where the broker has it");
            }
            return null;
        }
        StartPoint start = defaultFrom;
        if (from != null) {
            try {
                start = StartPoint.parse(from, Instant.now());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--from " + e.getMessage());
            }
        }
        return new StreamReading(stream, start, follow, showsHistory);
    }

    /** True with {@code --stream}. */
    public boolean readsStream() {
        return stream != null;
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
