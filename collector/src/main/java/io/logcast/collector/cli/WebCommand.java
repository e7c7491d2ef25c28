package io.logcast.collector.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import io.logcast.collector.amqp.Topology;
import io.logcast.collector.web.Access;
import io.logcast.collector.web.EventHub;
import io.logcast.collector.web.WebServer;
import io.logcast.collector.web.WebSink;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code web}: serves a page that shows the events live, with filters, and the daemon's counters. */
@Command(name = "web", mixinStandardHelpOptions = true, versionProvider = Collector.Version.class,
        description = "The web view: serves a page with the events live (recent ones first), filters, a rate chart, "
                + "GET /api/events (JSON) and GET /metrics (Prometheus).",
        sortOptions = false)
final class WebCommand implements Callable<Integer> {

    /** Shortest token accepted: long enough that guessing it is hopeless. */
    static final int MIN_TOKEN_LENGTH = 16;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The HTTP port; 0: any free port (said on stderr). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on. Any but a loopback address requires --auth-token-file. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "A file holding the token (at least " + MIN_TOKEN_LENGTH + " characters) that every request must carry: "
                    + "Authorization: Bearer TOKEN, or a login at /login (a cookie). Never printed. Default: none (loopback only).")
    File authTokenFile;

    @Option(names = "--recent", paramLabel = "N", defaultValue = "1000",
            description = "Events kept in memory for pages opened later and GET /api/events. Default: ${DEFAULT-VALUE}.")
    int recent;

    @Option(names = "--max-queue-length", paramLabel = "N", defaultValue = "100000",
            description = "Cap the queue at N messages, dropping the oldest (x-max-length, x-overflow drop-head); 0: no cap. "
                    + "Default: ${DEFAULT-VALUE}, or no cap on a broker that refuses one (said on stderr).")
    long maxQueueLength;

    @Override
    public Integer call() {
        if (common.config != null) {
            return refuse("--config does not apply to web (its page is its output)");
        }
        if (port < 0 || port > 65535) {
            return refuse("--port must be between 0 and 65535, not " + port);
        }
        if (recent < 1 || recent > 1_000_000) {
            return refuse("--recent must be between 1 and 1000000, not " + recent);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return refuse("--bind " + bind + " is not an address of this machine (unknown host)");
        }
        Access access;
        if (authTokenFile == null) {
            if (!address.isLoopbackAddress()) {
                return refuse("--bind " + bind + " would serve the events beyond this machine: "
                        + "give --auth-token-file FILE (a token of at least " + MIN_TOKEN_LENGTH + " characters), or bind 127.0.0.1");
            }
            access = Access.local();
        } else {
            String token;
            try {
                token = Files.readString(authTokenFile.toPath(), StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                return refuse("cannot read --auth-token-file " + authTokenFile + " (no such file)");
            } catch (AccessDeniedException e) {
                return refuse("cannot read --auth-token-file " + authTokenFile + " (permission denied)");
            } catch (IOException e) {
                // the message of a decoding error could quote the file: the class name only
                return refuse("cannot read --auth-token-file " + authTokenFile + " (" + e.getClass().getSimpleName() + ")");
            }
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                return refuse("the token in --auth-token-file " + authTokenFile + " must be at least " + MIN_TOKEN_LENGTH
                        + " characters, without spaces or control characters");
            }
            access = Access.withToken(token);
        }
        EventHub hub = new EventHub(recent);
        WebSink sink = new WebSink(hub, new WebServer(hub, access, address, port), System.err);
        boolean capAskedFor = spec.commandLine().getParseResult().hasMatchedOption("--max-queue-length");
        Topology.QueueCap cap = new Topology.QueueCap(maxQueueLength <= 0 ? null : maxQueueLength, !capAskedFor);
        return new Daemon("web", common, cap, sink::start, hub, false).observing(hub).run();
    }

    private static int refuse(String line) {
        System.err.println("logcast-collector: " + line);
        return Collector.EXIT_REFUSED;
    }
}
