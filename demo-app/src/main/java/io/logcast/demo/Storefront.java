package io.logcast.demo;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated web shop: turns a request number into the log events that handling such a request
 * produces, one {@link Runnable} per event, through the SLF4J API only (what any application does).
 *
 * <p>The kind of request follows from its number, so a run of a few hundred events always has
 * every level: product views (DEBUG, DEBUG, INFO) are most; one request in five is a checkout
 * (more INFO, with key-value pairs); one in eight meets a slow payment gateway (WARN); one in 40
 * fails with an ERROR whose exception has a cause.
 */
final class Storefront {

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "anonymous"};
    private static final String[] PRODUCTS = {"espresso-cup", "moka-pot", "grinder-c40", "kettle-gooseneck", "beans-ethiopia",
            "beans-colombia", "filter-paper", "scale-0.1g"};

    private final Logger http = LoggerFactory.getLogger("io.logcast.demo.shop.HttpServer");
    private final Logger catalog = LoggerFactory.getLogger("io.logcast.demo.shop.CatalogService");
    private final Logger checkout = LoggerFactory.getLogger("io.logcast.demo.shop.CheckoutService");
    private final Logger payment = LoggerFactory.getLogger("io.logcast.demo.shop.PaymentGateway");

    /** One simulated request: the MDC it runs with and the log events it produces, in order. */
    static final class Request {
        final String requestId;
        final String user;
        final List<Runnable> events;

        Request(String requestId, String user, List<Runnable> events) {
            this.requestId = requestId;
            this.user = user;
            this.events = events;
        }
    }

    Request request(long number, SplittableRandom random) {
        String requestId = String.format(Locale.ROOT, "req-%06d-%04x", number, random.nextInt(0x10000));
        String user = USERS[random.nextInt(USERS.length)];
        List<Runnable> events = new ArrayList<>();
        if (number % 40 == 0) {
            failedCheckout(number, random, events);
        } else if (number % 5 == 1) {
            checkout(number, random, events, number % 8 == 3);
        } else {
            productView(random, events, number % 8 == 3);
        }
        return new Request(requestId, user, events);
    }

    private void productView(SplittableRandom random, List<Runnable> events, boolean slow) {
        String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        boolean cached = random.nextInt(4) != 0;
        int millis = slow ? 800 + random.nextInt(1500) : 3 + random.nextInt(60);
        events.add(() -> http.debug("GET /api/products/{} received", product));
        events.add(() -> catalog.debug("cache {} for product {}", cached ? "hit" : "miss", product));
        if (slow) {
            events.add(() -> catalog.atWarn().addKeyValue("durationMs", millis).addKeyValue("budgetMs", 500)
                    .log("catalog lookup for {} took {} ms, over the 500 ms budget", product, millis));
        }
        events.add(() -> http.atInfo().addKeyValue("status", 200).addKeyValue("durationMs", millis)
                .log("GET /api/products/{} -> 200 in {} ms", product, millis));
    }

    private void checkout(long number, SplittableRandom random, List<Runnable> events, boolean slowPayment) {
        String order = "ord-" + number;
        int items = 1 + random.nextInt(5);
        String amount = String.format(Locale.ROOT, "%d.%02d", 5 + random.nextInt(200), random.nextInt(100));
        int paymentMillis = slowPayment ? 2100 + random.nextInt(900) : 90 + random.nextInt(300);
        events.add(() -> http.debug("POST /api/checkout received"));
        events.add(() -> checkout.atDebug().addKeyValue("orderId", order).addKeyValue("items", items)
                .log("reserving {} items for order {}", items, order));
        if (slowPayment) {
            events.add(() -> payment.atWarn().addKeyValue("orderId", order).addKeyValue("durationMs", paymentMillis)
                    .log("payment gateway answered after {} ms (timeout 2000 ms), retry 1/3 succeeded", paymentMillis));
        }
        events.add(() -> checkout.atInfo().addKeyValue("orderId", order).addKeyValue("amount", amount).addKeyValue("currency", "EUR")
                .log("order {} placed: {} items, {} EUR", order, items, amount));
        events.add(() -> http.atInfo().addKeyValue("status", 201).addKeyValue("durationMs", paymentMillis + 12)
                .log("POST /api/checkout -> 201 in {} ms", paymentMillis + 12));
    }

    /** Always fails, the way a payment client does when its gateway times out: with the cause attached. */
    private static void authorisePayment(String order) {
        try {
            throw new SocketTimeoutException("Read timed out after 2000 ms (payments.example.internal:443)");
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("payment authorisation failed for order " + order, e);
        }
    }

    private void failedCheckout(long number, SplittableRandom random, List<Runnable> events) {
        String order = "ord-" + number;
        int millis = 6000 + random.nextInt(200);
        events.add(() -> http.debug("POST /api/checkout received"));
        events.add(() -> payment.atWarn().addKeyValue("orderId", order).addKeyValue("attempt", 3)
                .log("payment gateway timed out for order {}, retry 3/3", order));
        events.add(() -> {
            try {
                authorisePayment(order);
            } catch (IllegalStateException failure) {
                checkout.atError().addKeyValue("orderId", order).setCause(failure)
                        .log("checkout failed for order {}", order);
            }
        });
        events.add(() -> http.atInfo().addKeyValue("status", 502).addKeyValue("durationMs", millis)
                .log("POST /api/checkout -> 502 in {} ms", millis));
    }
}
