package io.logcast.example.orders;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The orders taken since start, in memory. */
@Component
public class OrderBook {

    private static final Logger log = LoggerFactory.getLogger(OrderBook.class);

    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public Order add(String item, int quantity) {
        Order order = new Order(nextId.getAndIncrement(), item, quantity);
        orders.put(order.id(), order);
        return order;
    }

    public Optional<Order> find(long id) {
        return Optional.ofNullable(orders.get(id));
    }

    /** Logged while the application context closes: one of the lines that must not be lost at exit. */
    @PreDestroy
    void close() {
        log.info("order book closing with {} orders", orders.size());
    }
}
