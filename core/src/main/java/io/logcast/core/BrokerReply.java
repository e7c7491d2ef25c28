package io.logcast.core;

import java.net.UnknownHostException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * What the broker, or the network, said when an AMQP operation failed. amqp-client hides it in a
 * chain of causes: the broker's close reason in a {@link ShutdownSignalException}, a socket's error
 * at the bottom.
 */
public final class BrokerReply {

    private BrokerReply() {
    }

    /** The reply code the broker closed the channel or the connection with; 0 when it did not close it. */
    public static int code(Throwable e) {
        Object reason = closeReason(e);
        if (reason instanceof AMQP.Channel.Close) {
            return ((AMQP.Channel.Close) reason).getReplyCode();
        }
        if (reason instanceof AMQP.Connection.Close) {
            return ((AMQP.Connection.Close) reason).getReplyCode();
        }
        return 0;
    }

    /** The broker's reply text ({@code "PRECONDITION_FAILED - inequivalent arg ..."}), or null when it did not close anything. */
    public static String text(Throwable e) {
        Object reason = closeReason(e);
        if (reason instanceof AMQP.Channel.Close) {
            return ((AMQP.Channel.Close) reason).getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close) {
            return ((AMQP.Connection.Close) reason).getReplyText();
        }
        return null;
    }

    /**
     * One phrase for a failure: the broker's {@code "406 PRECONDITION_FAILED - ..."} when it closed the
     * channel or connection, else the innermost cause ({@code "Connection refused"}).
     */
    public static String describe(Throwable e) {
        if (e == null) {
            return "closed";
        }
        String text = text(e);
        if (text != null) {
            return code(e) + " " + text;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static Object closeReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShutdownSignalException) {
                return ((ShutdownSignalException) t).getReason();
            }
        }
        return null;
    }
}
