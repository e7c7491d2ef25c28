package io.logcast.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order-taking web service whose logs go to RabbitMQ through the logcast appender. Nothing
 * in its code knows about it: the appender is named only in {@code logback-spring.xml}.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
