import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Publishes large messages for dist/measure/large-messages.sh, with publisher confirms, to a fanout
 * exchange it declares. Run from the repository root, with the collector's jar (it holds amqp-client):
 *
 * <pre>
 * java -cp collector/target/logcast-collector.jar dist/measure/LargeMessages.java URI EXCHANGE one latin1|other|json MIB
 * java -cp collector/target/logcast-collector.jar dist/measure/LargeMessages.java URI EXCHANGE burst COUNT
 * java -cp collector/target/logcast-collector.jar dist/measure/LargeMessages.java URI EXCHANGE delete
 * </pre>
 *
 * one: a message of MIB MiB, then a short event ("the event after it"). latin1: ASCII text; other:
 * ASCII text and one emoji, which the JVM then holds as UTF-16 (two bytes a character); json: a line
 * of Logback's JsonEncoder whose message and formatted message take half each. burst: COUNT text
 * messages of 1 MiB, the appender's largest by default.
 */
public final class LargeMessages {

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        String exchange = args[1];
        try (Connection connection = factory.newConnection("logcast-measure-large-messages"); Channel channel = connection.createChannel()) {
            if (args[2].equals("delete")) {
                channel.exchangeDelete(exchange);
                return;
            }
            channel.exchangeDeclare(exchange, "fanout", false);
            channel.confirmSelect();
            if (args[2].equals("burst")) {
                byte[] body = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
                for (int seq = 1; seq <= Integer.parseInt(args[3]); seq++) {
                    publish(channel, exchange, seq, "text/plain; charset=utf-8", body);
                }
            } else {
                int bytes = Integer.parseInt(args[4]) << 20;
                String body = switch (args[3]) {
                    case "latin1" -> "x".repeat(bytes);
                    case "other" -> "x".repeat(bytes - 4) + "\uD83C\uDF89";
                    case "json" -> {
                        String message = "y".repeat(bytes / 2 - 200);
                        yield "{\"sequenceNumber\":0,\"timestamp\":1796302215091,\"level\":\"WARN\",\"threadName\":\"main\","
                                + "\"loggerName\":\"com.shop.Big\",\"context\":{\"name\":\"shop\",\"birthdate\":1,\"properties\":{}},"
                                + "\"mdc\": {},\"message\":\"" + message + "\",\"formattedMessage\":\"" + message + "\",\"throwable\":null}";
                    }
                    default -> throw new IllegalArgumentException("latin1, other or json, not " + args[3]);
                };
                publish(channel, exchange, 1, args[3].equals("json") ? "application/json" : "text/plain; charset=utf-8",
                        body.getBytes(StandardCharsets.UTF_8));
                publish(channel, exchange, 2, "text/plain; charset=utf-8", "the event after it".getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(120_000);
        }
    }

    private static void publish(Channel channel, String exchange, long seq, String contentType, byte[] body) throws Exception {
        Map<String, Object> headers = new HashMap<>();
        headers.put("level", "INFO");
        headers.put("logger", "com.shop.Big");
        headers.put("app", "shop");
        headers.put("producer", "measure-large-messages");
        headers.put("seq", seq);
        channel.basicPublish(exchange, "", new AMQP.BasicProperties.Builder().contentType(contentType).headers(headers).build(), body);
    }
}
