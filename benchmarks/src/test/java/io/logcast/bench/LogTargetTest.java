package io.logcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.logcast.test.RealBroker;
import io.logcast.test.TestBroker;

/**
 * The benchmarks run no measurement in the normal build; this checks that every benchmark target
 * starts against the real broker, takes log calls, reports what became of them, and cleans up.
 */
@RealBroker
class LogTargetTest {

    @ParameterizedTest
    @EnumSource(LogTarget.class)
    void startsTakesLogCallsReportsAndCleansUp(LogTarget target, TestBroker broker) throws Exception {
        assumeTrue(broker.isRabbitMQ() || (target != LogTarget.L && target != LogTarget.S),
                "L and S bind a queue capped as RabbitMQ caps one (x-max-length, x-overflow), which " + broker.describe() + " refuses");
        String exchange;
        try (LogTarget.Running running = target.start(broker.uri())) {
            exchange = running.exchange();
            for (long n = 1; n <= 1000; n++) {
                TypicalEvent.log(running.logger, n);
            }
            String report = running.sinceLastReport();
            assertTrue(report.startsWith("delivered "), report);
            if (target == LogTarget.B1) {
                assertTrue(report.startsWith("delivered 1000, dropped 0"), report);
            }
        }
        if (exchange != null) {
            assertFalse(LocalBroker.exchangeExists(broker.uri(), exchange), "exchange " + exchange + " deleted");
        }
    }

    @org.junit.jupiter.api.Test
    void typicalEventIsOneJsonLineOfAFewHundredBytes() {
        byte[] body = TypicalEvent.jsonBody();
        assertEquals('\n', body[body.length - 1]);
        assertTrue(body.length > 300 && body.length < 1000, body.length + " bytes");
    }
}
