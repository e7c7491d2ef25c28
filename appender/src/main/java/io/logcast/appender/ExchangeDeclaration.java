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
    private static final Pattern REDECLARED_TYPE = Pattern.compile("redeclare exchange: '[^']*' of type (\\S+) to");

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
        if (!(cause instanceof ShutdownSignalException)) {
            return null;
        }
        Object reason = ((ShutdownSignalException) cause).getReason();
        int code;
        String text;
        if (reason instanceof AMQP.Channel.Close) {
            code = ((AMQP.Channel.Close) reason).getReplyCode();
            text = ((AMQP.Channel.Close) reason).getReplyText();
        } else if (reason instanceof AMQP.Connection.Close) {
            code = ((AMQP.Connection.Close) reason).getReplyCode();
            text = ((AMQP.Connection.Close) reason).getReplyText();
        } else {
            return null;
        }
        String broker = "the broker says " + code + " " + text;
        // RabbitMQ: 406 "inequivalent arg 'durable' ... current is 'true'"; Qpid: 530 "Attempt to redeclare exchange: 'x' of type topic to fanout."
        Matcher rabbit = INEQUIVALENT.matcher(text);
        Matcher qpid = REDECLARED_TYPE.matcher(text);
        String fix;
        if (rabbit.find()) {
            String setting = rabbit.group(1).equals("durable") ? "exchangeDurable" : rabbit.group(1).equals("type") ? "exchangeType" : null;
            fix = setting == null ? "change the appender's exchange settings to match it" : "set <" + setting + ">" + rabbit.group(2) + "</" + setting + "> to match it";
        } else if (qpid.find()) {
            fix = "set <exchangeType>" + qpid.group(1) + "</exchangeType> to match it";
        } else if (code == AMQP.PRECONDITION_FAILED) {
            fix = "set <exchangeType>/<exchangeDurable> to match it";
        } else {
            return "cannot declare exchange '" + name + "': " + broker;
        }
        return "exchange '" + name + "' already exists with other settings (" + broker + "); this appender declares exchange '" + name
                + "' as type=" + type + " durable=" + durable + " autoDelete=false internal=false with no arguments: " + fix
                + ", or delete the exchange, or set <declareExchange>false</declareExchange> to use it as it is";
    }
}
