package io.logcast.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

    /** The number before {@code what} in a summary line, e.g. {@code count(summary, "messages")}. */
    static long count(String summary, String what) {
        Matcher matcher = Pattern.compile("(\\d+) " + Pattern.quote(what)).matcher(summary);
        if (!matcher.find()) {
            throw new AssertionError("no '" + what + "' in " + summary);
        }
        return Long.parseLong(matcher.group(1));
    }
}
