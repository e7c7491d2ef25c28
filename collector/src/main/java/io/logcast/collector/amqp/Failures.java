package io.logcast.collector.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/** Reads the reason out of amqp-client's exceptions, which hide it in a chain of causes. */
final class Failures {

    private Failures() {
    }

    /** The broker's close reason ({@code 406 PRECONDITION_FAILED - ...}) or the exception's message. */
    static String serverReply(Throwable e) {
        ShutdownSignalException signal = signal(e);
        if (signal != null && signal.getReason() instanceof AMQP.Channel.Close) {
            AMQP.Channel.Close close = (AMQP.Channel.Close) signal.getReason();
            return close.getReplyCode() + " " + close.getReplyText();
        }
        if (signal != null && signal.getReason() instanceof AMQP.Connection.Close) {
            AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
            return close.getReplyCode() + " " + close.getReplyText();
        }
        // not closed by the broker (a connection reset, a missed heartbeat): the innermost cause says why
        return message(root(e));
    }

    /** The reply code the broker closed with, or 0. */
    static int replyCode(Throwable e) {
        ShutdownSignalException signal = signal(e);
        if (signal != null && signal.getReason() instanceof AMQP.Channel.Close) {
            return ((AMQP.Channel.Close) signal.getReason()).getReplyCode();
        }
        if (signal != null && signal.getReason() instanceof AMQP.Connection.Close) {
            return ((AMQP.Connection.Close) signal.getReason()).getReplyCode();
        }
        return 0;
    }

    /** The innermost message of a chain, with its exception type when the message alone says little. */
    static String describe(Throwable e) {
        if (e instanceof ShutdownSignalException) {
            return serverReply(e);
        }
        Throwable root = root(e);
        if (root instanceof ShutdownSignalException) {
            return serverReply(root);
        }
        return message(root);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable root) {
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static ShutdownSignalException signal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShutdownSignalException) {
                return (ShutdownSignalException) t;
            }
        }
        return null;
    }
}
