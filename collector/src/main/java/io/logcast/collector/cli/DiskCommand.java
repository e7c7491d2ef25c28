package io.logcast.collector.cli;

import java.io.File;
import java.util.concurrent.Callable;

import io.logcast.collector.amqp.Topology;
import io.logcast.collector.sink.DiskSink;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code disk}: writes every event to a rolling, compressed log file. */
@Command(name = "disk", mixinStandardHelpOptions = true, versionProvider = Collector.Version.class,
        description = "The disk writer: writes every event to a rolling file; rolled files are gzipped.",
        sortOptions = false)
final class DiskCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--max-queue-length", paramLabel = "N",
            description = "Cap the queue at N messages, dropping the oldest (x-max-length, x-overflow drop-head). Default: no cap.")
    Long maxQueueLength;

    @Option(names = "--file", paramLabel = "FILE", defaultValue = "logs/logcast.log",
            description = "The active log file; rolled files are <name>.yyyy-MM-dd.N.log.gz beside it. Default: ${DEFAULT-VALUE}.")
    File file;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "100MB",
            description = "Roll the file when it reaches this size (KB, MB, GB). Default: ${DEFAULT-VALUE}.")
    String maxFileSize;

    @Option(names = "--max-history", paramLabel = "DAYS", defaultValue = "30",
            description = "Keep rolled files of this many days. Default: ${DEFAULT-VALUE}.")
    int maxHistory;

    @Option(names = "--total-size-cap", paramLabel = "SIZE", defaultValue = "10GB",
            description = "Delete the oldest rolled files above this total size. Default: ${DEFAULT-VALUE}.")
    String totalSizeCap;

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
                System.err.println("logcast-collector: --format must be text or json, not " + format);
                return Collector.EXIT_REFUSED;
        }
        DiskSink sink = new DiskSink().file(file).maxFileSize(maxFileSize).maxHistory(maxHistory)
                .totalSizeCap(totalSizeCap).format(parsedFormat).pattern(pattern);
        Long queueLength = maxQueueLength == null || maxQueueLength <= 0 ? null : maxQueueLength;
        return new Daemon("disk", common, new Topology.QueueCap(queueLength, false), sink::start, lossReason -> { }, false).run();
    }
}
