package io.logcast.collector.cli;

import java.io.File;
import java.util.concurrent.Callable;

import ch.qos.logback.core.util.FileSize;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.amqp.Topology;
import io.logcast.collector.daemon.Daemon;
import io.logcast.collector.daemon.DaemonListener;
import io.logcast.collector.sink.DiskSink;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code disk}: writes every event to a rolling, compressed log file. */
@Command(name = "disk", mixinStandardHelpOptions = true, versionProvider = Collector.Version.class,
        description = "The disk writer: writes every event to a rolling file; rolled files are gzipped.",
        sortOptions = false)
final class DiskCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-queue-length", paramLabel = "N",
            description = "Cap the queue at N messages, dropping the oldest (x-max-length, x-overflow drop-head). Default: no cap.")
    Long maxQueueLength;

    @Option(names = "--file", paramLabel = "FILE", defaultValue = "logs/logcast.log",
            description = "The active log file; rolled files are <name>.yyyy-MM-dd.N.log.gz beside it. Default: ${DEFAULT-VALUE}.")
    File file;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "100MB", converter = SizeConverter.class,
            description = "Roll the file when it reaches this size (KB, MB, GB). Default: ${DEFAULT-VALUE}.")
    FileSize maxFileSize;

    @Option(names = "--max-history", paramLabel = "DAYS", defaultValue = "30",
            description = "Keep rolled files of this many days. Default: ${DEFAULT-VALUE}.")
    int maxHistory;

    @Option(names = "--total-size-cap", paramLabel = "SIZE", defaultValue = "10GB", converter = SizeConverter.class,
            description = "Delete the oldest rolled files above this total size (KB, MB, GB). Default: ${DEFAULT-VALUE}.")
    FileSize totalSizeCap;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: the --pattern; json: one lossless Logback JSON event per line. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--pattern", paramLabel = "PATTERN", defaultValue = DiskSink.DEFAULT_PATTERN,
            description = "The Logback pattern of the text format; %%app and %%host are the remote application and host. "
                    + "Default: ${DEFAULT-VALUE}")
    String pattern;

    @Override
    public Integer call() {
        DiskSink.Format parsedFormat;
        switch (format) {
            case "text":
                parsedFormat = DiskSink.Format.TEXT;
                break;
            case "json":
                parsedFormat = DiskSink.Format.JSON;
                break;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not " + format);
        }
        DiskSink sink = new DiskSink().file(file).maxFileSize(maxFileSize).maxHistory(maxHistory)
                .totalSizeCap(totalSizeCap).format(parsedFormat).pattern(pattern);
        Long queueLength = maxQueueLength == null || maxQueueLength <= 0 ? null : maxQueueLength;
        return new Daemon("disk", common.consumerSettings(spec.commandLine(), new Topology.QueueCap(queueLength, false)),
                common.sink("disk", false, sink::start), DaemonListener.NONE, Diagnostics.stderr()).run();
    }
}
