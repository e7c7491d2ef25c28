package io.logcast.example.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders?item=...&quantity=...} takes an order, {@code GET /orders/{id}} shows one. */
@RestController
public class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final OrderBook book;

    public OrderController(OrderBook book) {
        this.book = book;
    }

    @PostMapping("/orders")
    public ResponseEntity<Order> place(@RequestParam String item, @RequestParam int quantity) {
        if (quantity < 1) {
            log.warn("order refused: quantity {} of {}", quantity, item);
            return ResponseEntity.badRequest().build();
        }
        Order order = book.add(item, quantity);
        log.info("order {} accepted: {} x {}", order.id(), order.quantity(), order.item());
        return ResponseEntity.status(HttpStatus.CREATED).body(order);
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<Order> show(@PathVariable long id) {
        return book.find(id).map(ResponseEntity::ok).orElseGet(() -> {
            log.warn("order {} not found", id);
            return ResponseEntity.notFound().build();
        });
    }
}
