package io.logcast.collector.amqp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.logcast.core.BrokerReply;

/**
 * A RabbitMQ stream as the collectors declare it: durable, {@code x-queue-type: stream}, with the
 * retention the options give ({@code x-max-age}, {@code x-max-length-bytes}). A stream that exists with
 * other arguments is used as it is: the broker names one differing argument per refusal, so the
 * declaration is repeated, each time with the existing value of the argument it named, until it matches;
 * what differed is said in one line. Each attempt uses a channel of its own (a refusal closes it).
 */
public final class StreamDeclaration {

    /** The argument that makes a queue a stream. */
    static final String QUEUE_TYPE = "x-queue-type";
    static final String MAX_AGE = "x-max-age";
    static final String MAX_LENGTH_BYTES = "x-max-length-bytes";

    /** RabbitMQ names one differing argument per refusal; a stream has fewer than this many. */
    private static final int MAX_ATTEMPTS = 12;
    // 406 "inequivalent arg 'x-max-age' for queue 's' in vhost '/': received the value '7D' of type 'longstr' but current is the value '1h' of type 'longstr'"
    // (or "... but current is none", or "received 'stream' but current is 'classic'")
    private static final Pattern INEQUIVALENT = Pattern.compile(
            "inequivalent arg '([^']+)'.* but current is (?:none|the value '(.*)' of type '(\\w+)'|'(.*)')$");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private final String name;
    private final String maxAge;
    private final long maxLengthBytes;

    /**
     * @param maxAge         {@code x-max-age} as RabbitMQ reads it: {@code 7D}, {@code 12h} (units Y, M, D, h, m, s)
     * @param maxLengthBytes {@code x-max-length-bytes}
     */
    public StreamDeclaration(String name, String maxAge, long maxLengthBytes) {
        this.name = name;
        this.maxAge = maxAge;
        this.maxLengthBytes = maxLengthBytes;
    }

    public String name() {
        return name;
    }

    /** What declaring came to: whether this declaration created the stream, and the line saying it exists otherwise, or null. */
    record Outcome(boolean created, String notice) {
    }

    /**
     * Declares the stream on channels of {@code connection}.
     *
     * @throws DeclarationException when the broker has no streams (RabbitMQ before 3.9), or the name is a queue of another type
     * @throws IOException          the broker's refusal, or a lost connection, as the broker said it
     */
    Outcome declareOn(Connection connection) throws IOException {
        Map<String, Object> server = connection.getServerProperties();
        String product = String.valueOf(server.get("product"));
        String version = String.valueOf(server.get("version"));
        if ("RabbitMQ".equals(product) && olderThan3Dot9(version)) {
            throw new DeclarationException("the broker is " + product + " " + version + ", which has no streams: --stream needs RabbitMQ 3.9 or later", null);
        }
        boolean existed = exists(connection);
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put(QUEUE_TYPE, "stream");
        arguments.put(MAX_AGE, maxAge);
        arguments.put(MAX_LENGTH_BYTES, maxLengthBytes);
        List<String> differences = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            IOException refusal = declare(connection, arguments);
            if (refusal == null) {
                return new Outcome(!existed, differences.isEmpty() ? null : "stream '" + name + "' exists with other arguments ("
                        + String.join(", ", differences) + "): using it as it is (--stream-max-age and --stream-max-bytes apply to a stream the collector creates)");
            }
            Matcher inequivalent = BrokerReply.code(refusal) == AMQP.PRECONDITION_FAILED && BrokerReply.text(refusal) != null
                    ? INEQUIVALENT.matcher(BrokerReply.text(refusal)) : null;
            if (inequivalent == null || !inequivalent.find() || attempt == MAX_ATTEMPTS) {
                throw refusal;
            }
            String argument = inequivalent.group(1);
            Object existing = existingValue(inequivalent, arguments.get(argument));
            if (argument.equals(QUEUE_TYPE)) {
                throw new DeclarationException("queue '" + name + "' exists and is not a stream (" + (existing == null
                        ? "a classic queue, without " + QUEUE_TYPE : QUEUE_TYPE + " " + existing)
                        + "): --stream needs a stream; name another, or delete that queue", refusal);
            }
            differences.add(argument + " " + (existing == null ? "none" : existing) + (arguments.containsKey(argument)
                    ? " instead of " + arguments.get(argument) : ""));
            if (existing == null) {
                arguments.remove(argument);
            } else {
                arguments.put(argument, existing);
            }
        }
    }

    /** A passive declaration, on a channel of its own: a 404 closes it. */
    private boolean exists(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclarePassive(name);
            return true;
        } catch (IOException e) {
            if (BrokerReply.code(e) == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        } finally {
            closeQuietly(channel);
        }
    }

    /** Declares with {@code arguments} on a channel of its own; returns the refusal, or null. */
    private IOException declare(Connection connection, Map<String, Object> arguments) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclare(name, true, false, false, arguments);
            return null;
        } catch (IOException e) {
            if (BrokerReply.code(e) == 0) {
                throw e; // the connection was lost: not an answer
            }
            return e;
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * The value the broker says the stream has: null for none; a number for the integer types, else the
     * text. Without a type the broker names, it is of the type {@code sent} has.
     */
    private static Object existingValue(Matcher inequivalent, Object sent) {
        String value = inequivalent.group(4) != null ? inequivalent.group(4) : inequivalent.group(2);
        if (value == null) {
            return null;
        }
        String type = inequivalent.group(3) != null ? inequivalent.group(3)
                : sent instanceof Number ? "long" : sent instanceof Boolean ? "bool" : "longstr";
        switch (type) {
            case "long":
            case "signedint":
            case "short":
            case "byte":
            case "unsignedbyte":
            case "unsignedshort":
            case "unsignedint":
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return value;
                }
            case "bool":
                return Boolean.parseBoolean(value);
            default:
                return value;
        }
    }

    static boolean olderThan3Dot9(String version) {
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.lookingAt()) {
            return false; // a development build: let the broker answer
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major < 3 || (major == 3 && minor < 9);
    }

    private static void closeQuietly(Channel channel) {
        if (channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException alreadyGone) {
                // the declaration's outcome is known
            }
        }
    }
}
