package io.logcast.collector.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.daemon.Daemon;
import io.logcast.collector.daemon.DaemonListener;
import io.logcast.collector.sink.ConsoleSink;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code console}: prints events on the terminal, coloured by level, control characters escaped. */
@Command(name = "console", mixinStandardHelpOptions = true, versionProvider = Collector.Version.class,
        description = "The console printer: prints events on stdout, coloured by level on a terminal; "
                + "control characters from events are shown escaped.",
        sortOptions = false)
final class ConsoleCommand implements Callable<Integer> {

    /** Colour choices. */
    enum ColourMode { auto, always, never }

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-queue-length", paramLabel = "N", defaultValue = "100000",
            description = "Cap the queue at N messages, dropping the oldest (x-max-length, x-overflow drop-head); 0: no cap. "
                    + "Default: ${DEFAULT-VALUE}, or no cap on a broker that refuses one (said on stderr).")
    long maxQueueLength;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Colour by level: auto (only when stdout is a terminal), always, never. Default: ${DEFAULT-VALUE}.")
    ColourMode colour;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "TRACE",
            description = "Show events of this level and above (TRACE, DEBUG, INFO, WARN, ERROR). Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = "--logger", paramLabel = "PREFIX",
            description = "Show only loggers whose name starts with PREFIX; repeatable. Default: all.")
    List<String> loggerPrefixes = new ArrayList<>();

    @Option(names = "--app", paramLabel = "NAME",
            description = "Show only events of this application. Default: all.")
    String application;

    @Option(names = "--pattern", paramLabel = "PATTERN", defaultValue = ConsoleSink.DEFAULT_PATTERN,
            description = "The Logback pattern; %%app and %%host are the remote application and host. Default: ${DEFAULT-VALUE}")
    String pattern;

    @Override
    public Integer call() {
        Level threshold = Level.toLevel(level, null);
        if (threshold == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--level must be TRACE, DEBUG, INFO, WARN or ERROR, not " + level);
        }
        boolean inColour = colour == ColourMode.always || (colour == ColourMode.auto && System.console() != null);
        ConsoleSink sink = new ConsoleSink().colour(inColour).level(threshold).loggerPrefixes(loggerPrefixes)
                .application(application).pattern(pattern);
        // the default cap protects the broker from a stuck terminal; where the broker refuses it, none
        boolean capAskedFor = spec.commandLine().getParseResult().hasMatchedOption("--max-queue-length");
        Topology.QueueCap cap = new Topology.QueueCap(maxQueueLength <= 0 ? null : maxQueueLength, !capAskedFor);
        DaemonListener marker = new DaemonListener() {
            @Override
            public void reconnected(String lossReason) {
                sink.printReconnectionMarker(lossReason);
            }
        };
        return new Daemon("console", common.consumerSettings(spec.commandLine(), cap),
                common.sink("console", inColour, sink::start), marker, Diagnostics.stderr()).run();
    }
}
