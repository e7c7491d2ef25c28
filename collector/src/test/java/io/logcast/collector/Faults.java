package io.logcast.collector;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;

/** What the fault tests share: waiting on a queue, reading a daemon's delivery summary. */
final class Faults {

    private Faults() {
    }

    /** Waits until {@code queue} holds no ready message (passive declare on the test's own connection). */
    static void awaitQueueEmpty(Channel channel, String queue, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long ready = channel.queueDeclarePassive(queue).getMessageCount();
        while (ready > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = channel.queueDeclarePassive(queue).getMessageCount();
        }
        if (ready > 0) {
            throw new AssertionError(queue + " still holds " + ready + " messages after " + timeout);
        }
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
