package io.logcast.collector.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.FileProblem;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.daemon.Daemon;
import io.logcast.collector.web.Access;
import io.logcast.collector.web.EventHub;
import io.logcast.collector.web.WebServer;
import io.logcast.collector.web.WebSink;

import picocli.CommandLine;
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

    /** This command's daemon, once made: its delivery counts are what {@code /metrics} serves. */
    private Daemon daemon;

    @Override
    public Integer call() {
        if (common.config != null) {
            throw refused("--config does not apply to web (its page is its output)");
        }
        if (port < 0 || port > 65535) {
            throw refused("--port must be between 0 and 65535, not " + port);
        }
        if (recent < 1 || recent > 1_000_000) {
            throw refused("--recent must be between 1 and 1000000, not " + recent);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw refused("--bind " + bind + " is not an address of this machine (unknown host)");
        }
        Access access = access(address);
        // the default cap protects the broker from a stuck page; where the broker refuses it, none
        boolean capAskedFor = spec.commandLine().getParseResult().hasMatchedOption("--max-queue-length");
        Topology.QueueCap cap = new Topology.QueueCap(maxQueueLength <= 0 ? null : maxQueueLength, !capAskedFor);
        Diagnostics diagnostics = Diagnostics.stderr();
        EventHub hub = new EventHub(recent);
        // the sink starts inside run(), when the daemon whose counts it serves exists
        daemon = new Daemon("web", common.consumerSettings(spec.commandLine(), cap),
                () -> WebSink.start(hub, new WebServer(hub, daemon::counts, access, address, port), diagnostics), hub, diagnostics);
        return daemon.run();
    }

    /** Who may read: anyone on this machine, or, given a token, whoever presents it. */
    private Access access(InetAddress address) {
        if (authTokenFile == null) {
            if (!address.isLoopbackAddress()) {
                throw refused("--bind " + bind + " would serve the events beyond this machine: "
                        + "give --auth-token-file FILE (a token of at least " + MIN_TOKEN_LENGTH + " characters), or bind 127.0.0.1");
            }
            return Access.local();
        }
        String token;
        try {
            token = Files.readString(authTokenFile.toPath(), StandardCharsets.UTF_8).strip();
        } catch (CharacterCodingException e) {
            // its message could quote the file
            throw refused("cannot read --auth-token-file " + authTokenFile + " (not UTF-8 text)");
        } catch (IOException e) {
            throw refused("cannot read --auth-token-file " + authTokenFile + " (" + FileProblem.reason(e) + ")");
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw refused("the token in --auth-token-file " + authTokenFile + " must be at least " + MIN_TOKEN_LENGTH
                    + " characters, without spaces or control characters");
        }
        return Access.withToken(token);
    }

    /** A bad option: one line naming it (see {@link Collector}), exit {@code ExitCode.REFUSED}. */
    private CommandLine.ParameterException refused(String line) {
        return new CommandLine.ParameterException(spec.commandLine(), line);
    }
}
