package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The watch that fails a run in which the shared broker was restarted or alarmed, shown failing on a node of the test's own. */
@RequiresRabbitServer
class SharedBrokerWatchTest {

    @Test
    void failsOnceTheWatchedBrokerIsAlarmedOrRestartedAndNotBefore() throws Exception {
        try (RabbitNode node = RabbitNode.start("watch-test")) {
            try (SharedBrokerWatch watch = SharedBrokerWatch.start(node.broker())) {
                awaitPublishes(watch);
                watch.verifyUntouched();
                try {
                    node.raiseMemoryAlarm();
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(watch::verifyUntouched)
                            .isInstanceOf(AssertionError.class)
                            .hasMessageStartingWith("the shared broker RabbitMQ node " + node.name())
                            .hasMessageContaining("the broker blocked publishing (low on memory): a resource alarm")
                            .hasMessageEndingWith("A test that restarts, alarms or reconfigures a broker uses a RabbitNode of its own."));
                } finally {
                    node.clearMemoryAlarm();
                }
                awaitPublishes(watch);
                watch.verifyUntouched(); // an incident fails one check only
            }

            try (SharedBrokerWatch watch = SharedBrokerWatch.start(node.broker())) {
                awaitPublishes(watch);
                watch.verifyUntouched();
                node.restartApp();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(watch::verifyUntouched)
                        .hasMessageContaining("the broker closed the watch's connection (")
                        .hasMessageContaining("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"));
            }
        }
    }

    /** Several rounds of the watch, so that an alarm or a closed connection would have been seen by now. */
    private static void awaitPublishes(SharedBrokerWatch watch) {
        long seen = watch.published();
        await().atMost(Duration.ofSeconds(10)).until(watch::published, published -> published >= seen + 3);
    }
}
