package io.logcast.example.orders;

/** An accepted order. */
public record Order(long id, String item, int quantity) {
}
