package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad option is one line on stderr that names it and says why, exit 2, before anything connects. */
class OptionErrorsTest {

    @Test
    void aSizeThatIsNoSizeNamesItsOption(@TempDir Path dir) throws Exception {
        for (String option : new String[] {"--max-file-size", "--total-size-cap"}) {
            assertRefused(dir, "logcast-collector: Invalid value for option '" + option + "': '12XB' is not a size (KB, MB, GB) "
                    + "(see: java -jar logcast-collector.jar disk --help)", "disk", option, "12XB");
        }
    }

    @Test
    void aTrustStoreThatCannotBeReadSaysWhy(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.p12");
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");

        assertRefused(dir, "logcast-collector: cannot use --trust-store " + missing + " (No such file or directory) "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--trust-store", missing.toString());
        assertRefused(dir, "logcast-collector: cannot use --trust-store " + garbage + " (not a PKCS12 or JKS trust store) "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--trust-store", garbage.toString());
    }

    @Test
    void valuesOutOfRangeAreNamedWithTheValue(@TempDir Path dir) throws Exception {
        assertRefused(dir, "logcast-collector: --prefetch must be between 1 and 65535, not 0 "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--prefetch", "0");
        assertRefused(dir, "logcast-collector: --format must be text or json, not xml "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--format", "xml");
    }

    @Test
    void streamOptionsThatCannotGoTogetherOrMeanNothingAreNamed(@TempDir Path dir) throws Exception {
        assertRefused(dir, "logcast-collector: --from needs --stream: a queue is read from where the broker has it "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--from", "15m");
        assertRefused(dir, "logcast-collector: --from must be first, last, next, an offset (12345), a time with its zone "
                + "(2026-12-03T07:00:00Z) or a duration ago (15m, 2h, 1d), not 'yesterday' "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--stream", "s", "--from", "yesterday");
        assertRefused(dir, "logcast-collector: --stream and --durable-queue exclude each other: a daemon reads one or the other "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--stream", "s", "--durable-queue", "q");
        assertRefused(dir, "logcast-collector: --stream-max-age must be a number and a unit (Y, M, D, h, m, s), e.g. 7D, not '7 days' "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--stream", "s", "--stream-max-age", "7 days");
        assertRefused(dir, "logcast-collector: --no-follow needs --stream: a queue has no history to print "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--no-follow");
        assertRefused(dir, "logcast-collector: --max-queue-length has no meaning with --stream: a stream keeps what --stream-max-age "
                + "and --stream-max-bytes say (see: java -jar logcast-collector.jar console --help)", "console", "--stream", "s",
                "--max-queue-length", "5");
        assertRefused(dir, "logcast-collector: --grep is not a regular expression: Unclosed group near index 1 of '(' "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--grep", "(");
    }

    @Test
    void aQueueTypeIsClassicOrQuorumAndQuorumOnlyForADurableQueue(@TempDir Path dir) throws Exception {
        assertRefused(dir, "logcast-collector: --queue-type must be classic or quorum, not 'stream' "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--durable-queue", "q", "--queue-type", "stream");
        assertRefused(dir, "logcast-collector: --queue-type quorum needs --durable-queue: the temporary queue is exclusive to the daemon's "
                + "connection, so always classic (see: java -jar logcast-collector.jar console --help)", "console", "--queue-type", "quorum");
    }

    @Test
    void addressesThatAreNoListOfHostAndPortSayWhichEntryAndWhy(@TempDir Path dir) throws Exception {
        assertRefused(dir, "logcast-collector: --addresses 'node1:5672,,node3:5672' is not a list of host:port (entry 2 is empty) "
                + "(see: java -jar logcast-collector.jar console --help)", "console", "--addresses", "node1:5672,,node3:5672");
        assertRefused(dir, "logcast-collector: --addresses 'node1:amqp' is not a list of host:port ('node1:amqp' has no valid port) "
                + "(see: java -jar logcast-collector.jar disk --help)", "disk", "--addresses", "node1:amqp");
    }

    private static void assertRefused(Path dir, String line, String... args) throws Exception {
        String[] withFile = args[0].equals("disk") ? append(args, "--file", dir.resolve("x.log").toString()) : args;
        try (DaemonProcess daemon = DaemonProcess.start(withFile)) {
            assertThat(daemon.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(daemon.stderrLines()).containsExactly(line);
            assertThat(daemon.stdout()).isEmpty();
        }
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
