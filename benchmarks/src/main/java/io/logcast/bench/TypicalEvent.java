package io.logcast.bench;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * The one log call every benchmark makes: an INFO line of a business service with five parameters,
 * as an application writes it. Its JSON form (the appender's default encoder) is the body size that
 * the raw-client ceiling publishes too.
 */
final class TypicalEvent {

    static final String LOGGER = "com.example.shop.checkout.OrderService";
    static final String FORMAT = "Order {} confirmed for customer {}: {} items, total {} EUR, payment {}";

    private static final String[] CUSTOMERS = {"c-104729", "c-220113", "c-318842", "c-407751"};
    private static final String[] TOTALS = {"129.90", "14.50", "1,204.00", "63.25"};
    private static final String[] PAYMENTS = {"card", "paypal", "invoice", "card"};

    private TypicalEvent() {
    }

    /** Logs event number {@code n}. */
    static void log(Logger logger, long n) {
        int i = (int) (n & 3);
        logger.info(FORMAT, n, CUSTOMERS[i], 1 + i, TOTALS[i], PAYMENTS[i]);
    }

    /** The JSON body of one such event, as logcast's appender publishes it by default. */
    static byte[] jsonBody() {
        LoggerContext context = ShopApplication.newContext();
        JsonEncoder encoder = jsonEncoder(context);
        LoggingEvent event = new LoggingEvent(TypicalEvent.class.getName(), context.getLogger(LOGGER), Level.INFO, FORMAT, null,
                new Object[] {1_000_042L, CUSTOMERS[1], 2, TOTALS[1], PAYMENTS[1]});
        event.setThreadName("http-nio-8080-exec-7");
        byte[] body = encoder.encode(event);
        encoder.stop();
        context.stop();
        return body;
    }

    /** Logback's JsonEncoder with the formatted message: logcast's default, and what S is given too. */
    static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    static String describeBody() {
        byte[] body = jsonBody();
        return body.length + " bytes: " + new String(body, StandardCharsets.UTF_8).strip();
    }
}
