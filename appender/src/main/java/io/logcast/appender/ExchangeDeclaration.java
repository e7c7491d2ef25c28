package io.logcast.appender;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * The exchange the appender publishes to, declared as the RabbitMQ tutorial declares it
 * (autoDelete=false, internal=false, no arguments), so that a tutorial program and the appender
 * agree; and the explanation of a broker that holds it with other settings.
 */
final class ExchangeDeclaration {

    private static final Pattern INEQUIVALENT = Pattern.compile("inequivalent arg '([^']+)'.*current is '([^']*)'");

    final String name;
    final String type;
    final boolean durable;
    final boolean declare;

    ExchangeDeclaration(String name, String type, boolean durable, boolean declare) {
        this.name = name;
        this.type = type;
        this.durable = durable;
        this.declare = declare;
    }

    void declareOn(Channel channel) throws IOException {
        if (declare) {
            channel.exchangeDeclare(name, type, durable, false, false, null);
        }
    }

    /** What to tell the user when the declaration failed; null when it was not the broker refusing it. */
    String explain(IOException failure) {
        Throwable cause = failure.getCause();
        if (!(cause instanceof ShutdownSignalException)
                || !(((ShutdownSignalException) cause).getReason() instanceof AMQP.Channel.Close)) {
            return null;
        }
        AMQP.Channel.Close close = (AMQP.Channel.Close) ((ShutdownSignalException) cause).getReason();
        String declared = "this appender declares exchange '" + name + "' as type=" + type + " durable=" + durable
                + " autoDelete=false internal=false with no arguments";
        String broker = "the broker says " + close.getReplyCode() + " " + close.getReplyText();
        if (close.getReplyCode() != AMQP.PRECONDITION_FAILED) {
            return "cannot declare exchange '" + name + "': " + broker;
        }
        Matcher matcher = INEQUIVALENT.matcher(close.getReplyText());
        String fix;
        if (matcher.find() && matcher.group(1).equals("durable")) {
            fix = "set <exchangeDurable>" + matcher.group(2) + "</exchangeDurable> to match it";
        } else if (matcher.find(0) && matcher.group(1).equals("type")) {
            fix = "set <exchangeType>" + matcher.group(2) + "</exchangeType> to match it";
        } else {
            fix = "set <exchangeType>/<exchangeDurable> to match it";
        }
        return "exchange '" + name + "' already exists with other settings (" + broker + "); " + declared + ": " + fix
                + ", or delete the exchange, or set <declareExchange>false</declareExchange> to use it as it is";
    }
}
