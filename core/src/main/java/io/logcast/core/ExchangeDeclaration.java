package io.logcast.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * The exchange as every logcast program declares it: the RabbitMQ tutorial's way (not auto-deleted,
 * not internal, no arguments), with a type and a durability that every program declaring it must
 * agree on. When the broker holds it with other settings, {@link #declareOn} finds out which.
 */
public final class ExchangeDeclaration {

    // RabbitMQ: 406 "inequivalent arg 'durable' for exchange 'x' in vhost '/': received 'false' but current is 'true'"
    private static final Pattern INEQUIVALENT = Pattern.compile("inequivalent arg '([^']+)'.*current is '([^']*)'");
    // Qpid Broker-J: 530 "Attempt to redeclare exchange: 'x' of type topic to fanout."
    private static final Pattern REDECLARED_TYPE = Pattern.compile("redeclare exchange: '[^']*' of type (\\S+) to");
    /** type, durable, auto_delete, internal: RabbitMQ compares them in this order and names the first that differs. */
    private static final int MAX_PROBES = 4;

    private final String name;
    private final String type;
    private final boolean durable;

    public ExchangeDeclaration(String name, String type, boolean durable) {
        this.name = name;
        this.type = type;
        this.durable = durable;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public boolean durable() {
        return durable;
    }

    /**
     * Declares the exchange on {@code channel}.
     *
     * @throws ExchangeConflict when it exists with other settings (the channel is then closed); every
     *         setting that differs is named, found out by declaring it again, as it exists, on fresh
     *         channels of the same connection (a declaration that matches changes nothing)
     */
    public void declareOn(Channel channel) throws IOException {
        try {
            channel.exchangeDeclare(name, type, durable, false, false, null);
        } catch (IOException e) {
            List<ExchangeConflict.Difference> differences = differences(e, channel.getConnection());
            if (differences.isEmpty()) {
                throw e;
            }
            throw new ExchangeConflict(this, differences, BrokerReply.describe(e), e);
        }
    }

    private List<ExchangeConflict.Difference> differences(IOException refusal, Connection connection) {
        List<ExchangeConflict.Difference> found = new ArrayList<>();
        String probeType = type;
        boolean probeDurable = durable;
        boolean probeAutoDelete = false;
        boolean probeInternal = false;
        Throwable failure = refusal;
        for (int probe = 0; probe <= MAX_PROBES && failure != null; probe++) {
            ExchangeConflict.Difference difference = difference(failure);
            if (difference == null) {
                break;
            }
            found.add(difference);
            switch (difference.argument()) {
                case "type":
                    probeType = difference.existing();
                    break;
                case "durable":
                    probeDurable = Boolean.parseBoolean(difference.existing());
                    break;
                case "auto_delete":
                    probeAutoDelete = Boolean.parseBoolean(difference.existing());
                    break;
                case "internal":
                    probeInternal = Boolean.parseBoolean(difference.existing());
                    break;
                default:
                    return found; // its arguments differ: nothing logcast declares can match them
            }
            if (connection == null || !connection.isOpen()) {
                break; // Qpid closes the connection: what its reply says is all there is to know
            }
            failure = probe(connection, probeType, probeDurable, probeAutoDelete, probeInternal);
        }
        return found;
    }

    /** Declares the exchange with the settings found so far on a fresh channel; null when they match. */
    private Throwable probe(Connection connection, String probeType, boolean probeDurable, boolean autoDelete, boolean internal) {
        try {
            Channel probe = connection.createChannel();
            try {
                probe.exchangeDeclare(name, probeType, probeDurable, autoDelete, internal, null);
            } finally {
                if (probe.isOpen()) {
                    probe.close();
                }
            }
            return null;
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return e;
        }
    }

    private ExchangeConflict.Difference difference(Throwable failure) {
        String text = BrokerReply.text(failure);
        if (text == null) {
            return null;
        }
        Matcher rabbit = INEQUIVALENT.matcher(text);
        if (rabbit.find()) {
            String argument = rabbit.group(1).toLowerCase(Locale.ROOT);
            return new ExchangeConflict.Difference(argument, declared(argument), rabbit.group(2));
        }
        Matcher qpid = REDECLARED_TYPE.matcher(text);
        if (qpid.find()) {
            return new ExchangeConflict.Difference("type", type, qpid.group(1));
        }
        if (BrokerReply.code(failure) == AMQP.PRECONDITION_FAILED) {
            return new ExchangeConflict.Difference("settings", null, null);
        }
        return null;
    }

    private String declared(String argument) {
        switch (argument) {
            case "type":
                return type;
            case "durable":
                return Boolean.toString(durable);
            case "auto_delete":
            case "internal":
                return "false";
            default:
                return null;
        }
    }

    /** {@code type=fanout durable=false autoDelete=false internal=false} with no arguments, for messages. */
    public String describe() {
        return "type " + type + ", durable=" + durable + ", auto-delete=false, internal=false, no arguments";
    }
}
