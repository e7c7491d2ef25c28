package io.logcast.core;

import java.io.EOFException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MalformedFrameException;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * What the broker, or the network, said when an AMQP operation failed. amqp-client hides it in a
 * chain of causes: the broker's close reason in a {@link ShutdownSignalException}, a socket's error
 * at the bottom.
 */
public final class BrokerReply {

    /**
     * amqp-client reads the first 7 bytes of an answer as a frame header: "HTTP/1.1" puts "P/1." where
     * the frame size is, and the size it reports adds the frame's overhead to it: "P/1" stays in the top bytes.
     */
    private static final long HTTP_IN_FRAME_SIZE = 0x502F31L;
    private static final Pattern FRAME_SIZE = Pattern.compile("Frame size is invalid \\((-?\\d+)\\)");
    private static final Pattern SIGNATURE = Pattern.compile("server sent signature (\\d+),(\\d+),(\\d+),(\\d+)");

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
     * channel or connection, a sentence for a peer that does not speak AMQP 0-9-1 ({@code "an HTTP
     * server answered, not an AMQP 0-9-1 broker"}), else the innermost cause ({@code "Connection refused"}).
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
        if (root instanceof MalformedFrameException) {
            return notAmqp(message);
        }
        if (root instanceof EOFException) {
            return "connection closed by the peer";
        }
        if (root instanceof TimeoutException) {
            return "no AMQP answer in time";
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /**
     * As {@link #describe(Throwable)}, for a failed connection attempt of a factory made by
     * {@link ConnectionFactories#create} with {@code timeoutMillis}: a peer that accepted the TCP
     * connection and then said nothing is {@code "no AMQP answer within 5 s"}.
     */
    public static String describeConnectFailure(Throwable e, int timeoutMillis) {
        Throwable root = e;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException && text(e) == null) {
            return "no AMQP answer within " + Backoff.seconds(timeoutMillis);
        }
        return describe(e);
    }

    /** The peer answered the AMQP protocol header with something amqp-client could not read as a frame. */
    private static String notAmqp(String message) {
        String text = message == null ? "" : message;
        Matcher signature = SIGNATURE.matcher(text);
        if (signature.find()) {
            return signature.group(2).equals("1") && signature.group(3).equals("0")
                    ? "the peer speaks AMQP 1.0, not AMQP 0-9-1"
                    : "the peer speaks another version of AMQP, not 0-9-1";
        }
        Matcher size = FRAME_SIZE.matcher(text);
        if (size.find() && Long.parseLong(size.group(1)) >>> 8 == HTTP_IN_FRAME_SIZE) {
            return "an HTTP server answered, not an AMQP 0-9-1 broker";
        }
        return "the peer does not speak AMQP 0-9-1";
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
