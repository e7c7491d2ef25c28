package io.logcast.collector.amqp;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import io.logcast.core.BrokerReply;
import io.logcast.core.ExchangeConflict;
import io.logcast.core.ExchangeDeclaration;

/**
 * Everything a collector declares, in one place: the exchange exactly as the tutorial declares it
 * (fanout, not auto-deleted, not internal, no arguments; durable only when asked, on every side) and
 * the collector's own queue, or the stream it reads ({@link StreamDeclaration}), bound to it.
 */
public final class Topology {

    private static final Pattern OTHER_QUEUE_TYPE = Pattern.compile("inequivalent arg 'x-queue-type'.*current is (?:none|(?:the value )?'([^']*)')");

    private final ExchangeDeclaration exchange;
    private final String routingKey;
    private final String durableQueue;
    private final QueueType queueType;
    private final boolean capByDefault;
    private final StreamDeclaration stream;
    private Long maxQueueLength;

    /**
     * The queue's x-max-length (with x-overflow drop-head): {@code length} null for none. A cap the
     * daemon sets {@code byDefault} is dropped where the broker refuses it; one the user asked for is not.
     */
    public record QueueCap(Long length, boolean byDefault) {
    }

    /**
     * What declaring came to: the queue or stream to consume, or, when the broker refused the cap the
     * daemon sets by default, the line that says so ({@code queue} null). The cap is dropped then:
     * declare again, on a new connection (Qpid Broker-J closes this one).
     *
     * @param created a stream this declaration created (it holds nothing yet)
     * @param notice  a line to say once, or null: a stream that exists with other arguments is used as it is
     */
    public record Declared(String queue, String capRefused, boolean stream, boolean created, String notice) {
        boolean consumable() {
            return queue != null;
        }

        /** {@code queue amq.gen-...}, {@code stream logs-archive}. */
        String describe() {
            return (stream ? "stream " : "queue ") + queue;
        }
    }

    /**
     * The type of the durable named queue ({@code x-queue-type}): a classic queue lives on one node of a
     * cluster; a quorum queue is replicated to several and survives the loss of a minority of them.
     */
    public enum QueueType {
        /** Declared without {@code x-queue-type}, as before quorum queues existed. */
        CLASSIC,
        QUORUM;

        /** As the option and RabbitMQ say it: {@code classic}, {@code quorum}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param durableQueue a durable named queue, or null for a server-named exclusive queue (always classic)
     * @param queueType    the durable queue's type
     */
    public Topology(String exchange, boolean exchangeDurable, String routingKey, String durableQueue, QueueType queueType, QueueCap cap) {
        this(exchange, exchangeDurable, routingKey, durableQueue, queueType, cap, null);
    }

    private Topology(String exchange, boolean exchangeDurable, String routingKey, String durableQueue, QueueType queueType, QueueCap cap,
                     StreamDeclaration stream) {
        this.exchange = new ExchangeDeclaration(exchange, BuiltinExchangeType.FANOUT.getType(), exchangeDurable);
        this.routingKey = routingKey;
        this.durableQueue = durableQueue;
        this.queueType = queueType;
        this.maxQueueLength = cap.length();
        this.capByDefault = cap.byDefault();
        this.stream = stream;
    }

    /** The exchange and a stream bound to it, instead of a queue of the collector's own. */
    public static Topology forStream(String exchange, boolean exchangeDurable, String routingKey, StreamDeclaration stream) {
        return new Topology(exchange, exchangeDurable, routingKey, null, QueueType.CLASSIC, new QueueCap(null, false), stream);
    }

    public String exchange() {
        return exchange.name();
    }

    /**
     * Declares the exchange, the queue and the binding.
     *
     * @throws DeclarationException when the broker refused a declaration: retrying cannot help
     * @throws IOException when the channel or the connection was lost: worth a retry
     */
    Declared declare(Channel channel) throws IOException {
        try {
            exchange.declareOn(channel);
        } catch (ExchangeConflict conflict) {
            throw new DeclarationException(conflict.advice("the collector declares it as the tutorial does", Topology::optionToMatch, "use another --exchange"), conflict);
        } catch (IOException e) {
            throw refusal(e, "the broker refused exchange '" + exchange.name() + "' (" + BrokerReply.describe(e) + ")");
        }
        if (stream != null) {
            return declareStream(channel);
        }
        Map<String, Object> arguments = new HashMap<>();
        if (maxQueueLength != null) {
            arguments.put("x-max-length", maxQueueLength);
            arguments.put("x-overflow", "drop-head");
        }
        if (durableQueue != null && queueType == QueueType.QUORUM) {
            arguments.put("x-queue-type", queueType.toString());
        }
        String queue;
        try {
            queue = durableQueue == null
                    ? channel.queueDeclare("", false, true, true, arguments).getQueue()
                    : channel.queueDeclare(durableQueue, true, false, false, arguments).getQueue();
        } catch (IOException e) {
            if (maxQueueLength != null && capByDefault && isRefusal(e) && BrokerReply.code(e) != AMQP.ACCESS_REFUSED) {
                // Qpid Broker-J, for one, knows neither argument (542, closing the connection)
                String line = "the broker refused the default queue cap x-max-length " + maxQueueLength + " with x-overflow drop-head ("
                        + BrokerReply.describe(e) + "): consuming without a cap; --max-queue-length 0 says so at start";
                maxQueueLength = null;
                return new Declared(null, line, false, false, null);
            }
            String otherType = existingQueueType(e);
            if (otherType != null) {
                boolean choosable = otherType.equals(QueueType.CLASSIC.toString()) || otherType.equals(QueueType.QUORUM.toString());
                throw new DeclarationException("queue '" + durableQueue + "' exists as a " + otherType + " queue (" + BrokerReply.describe(e)
                        + "); the collector declares it " + queueType + ": " + (choosable ? "use --queue-type " + otherType + ", or " : "use ")
                        + "another --durable-queue", e);
            }
            throw refusal(e, "the broker refused the collector's queue (" + BrokerReply.describe(e)
                    + "); it is declared " + (durableQueue == null ? "server-named, exclusive, auto-deleted"
                            : "'" + durableQueue + "', " + queueType + ", durable, not exclusive, not auto-deleted")
                    + (maxQueueLength == null ? " without x-max-length" : " with x-max-length " + maxQueueLength + " and x-overflow drop-head")
                    + ": change --max-queue-length (0: none)" + (durableQueue == null ? " or" : ", --queue-type or") + " --durable-queue to match what the broker accepts");
        }
        channel.queueBind(queue, exchange.name(), routingKey);
        return new Declared(queue, null, false, false, null);
    }

    private Declared declareStream(Channel channel) throws IOException {
        StreamDeclaration.Outcome outcome;
        try {
            outcome = stream.declareOn(channel.getConnection());
        } catch (IOException e) {
            Map<String, Object> server = channel.getConnection().getServerProperties();
            throw refusal(e, "the broker (" + server.get("product") + " " + server.get("version") + ") refused stream '" + stream.name()
                    + "' (" + BrokerReply.describe(e) + "): --stream needs a broker with streams, RabbitMQ 3.9 or later");
        }
        channel.queueBind(stream.name(), exchange.name(), routingKey);
        return new Declared(stream.name(), null, true, outcome.created(), outcome.notice());
    }

    /**
     * The type of the existing queue when the broker refused the declaration for its {@code x-queue-type}
     * (RabbitMQ: "inequivalent arg 'x-queue-type' ... current is 'quorum'", "current is none" for a classic
     * queue declared without it); null for any other failure.
     */
    private static String existingQueueType(IOException e) {
        String text = BrokerReply.text(e);
        if (text == null) {
            return null;
        }
        Matcher matcher = OTHER_QUEUE_TYPE.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(1) == null ? QueueType.CLASSIC.toString() : matcher.group(1);
    }

    /**
     * A refusal of a declaration is the broker's final word (RabbitMQ: 406 on the channel; Qpid: 530 on
     * the connection), as is any other channel error; only a lost connection is worth a retry.
     */
    private static IOException refusal(IOException e, String explanation) throws DeclarationException {
        if (BrokerReply.code(e) == AMQP.ACCESS_REFUSED) {
            throw new DeclarationException("the broker refused the declaration (" + BrokerReply.describe(e)
                    + "): the user in --uri needs configure, write and read permission on the exchange and the queue", e);
        }
        if (isRefusal(e)) {
            throw new DeclarationException(explanation, e);
        }
        return e;
    }

    private static boolean isRefusal(IOException e) {
        int code = BrokerReply.code(e);
        // a declaration creates what does not exist: 404 means it exists and is out of reach for now, e.g. a
        // classic durable queue whose node is down ("home node ... is down or inaccessible") or stopping
        // ("process is stopped by supervisor"); it comes back with its node
        return code != 0 && code != AMQP.CONNECTION_FORCED && code != AMQP.INTERNAL_ERROR && code != AMQP.NOT_FOUND;
    }

    /** The option that makes the collector declare the exchange as it exists; null when none can. */
    private static String optionToMatch(ExchangeConflict.Difference difference) {
        switch (difference.argument()) {
            case "type":
                return "the collectors need a fanout exchange: delete it and let it be declared again";
            case "durable":
                return Boolean.parseBoolean(difference.existing()) ? "add --exchange-durable" : "drop --exchange-durable";
            default:
                return null;
        }
    }
}
