package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;

/** What the fault tests share: waiting on a queue, reading a daemon's delivery summary. */
final class Faults {

    private Faults() {
    }

    /**
     * Waits until {@code queue} holds no ready message (passive declare on the test's own channel).
     *
     * @throws org.awaitility.core.ConditionTimeoutException after {@code timeout}, with the count left
     */
    static void awaitQueueEmpty(Channel channel, String queue, Duration timeout) {
        await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(channel.queueDeclarePassive(queue).getMessageCount()).as("ready messages in %s", queue).isZero());
    }

    /** The daemon's last "delivery summary" line (it has exited). */
    static String summary(DaemonProcess daemon) {
        return daemon.stderrLines().stream().filter(line -> line.contains("delivery summary: ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no delivery summary; stderr:\n" + daemon.stderr()));
    }

    /** Every seq in the ranges of the daemon's gap lines about {@code app} ({@code WARN producer P (app shop): 3 events missing (seq 7..9)}). */
    static TreeSet<Long> reportedMissing(DaemonProcess daemon, String app) {
        Pattern gapLine = Pattern.compile("WARN producer \\S+ \\(app " + Pattern.quote(app) + "\\): (\\d+) events? missing \\(seq (\\d+)(?:\\.\\.(\\d+))?\\)");
        TreeSet<Long> seqs = new TreeSet<>();
        for (String line : daemon.stderrLines()) {
            Matcher gap = gapLine.matcher(line);
            if (gap.find()) {
                long from = Long.parseLong(gap.group(2));
                long to = gap.group(3) == null ? from : Long.parseLong(gap.group(3));
                assertThat(to - from + 1).as(line).isEqualTo(Long.parseLong(gap.group(1)));
                for (long seq = from; seq <= to; seq++) {
                    seqs.add(seq);
                }
            }
        }
        return seqs;
    }

    /** The number before {@code what} in a summary line, e.g. {@code count(summary, "messages")}. */
    static long count(String summary, String what) {
        Matcher matcher = Pattern.compile("(\\d+) " + Pattern.quote(what)).matcher(summary);
        if (!matcher.find()) {
            throw new AssertionError("no '" + what + "' in " + summary);
        }
        return Long.parseLong(matcher.group(1));
    }
}
