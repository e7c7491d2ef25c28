package io.logcast.appender;

import java.net.UnknownHostException;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;

import io.logcast.core.Backoff;
import io.logcast.core.BrokerReply;
import io.logcast.core.ExchangeConflict;

/**
 * Says why connection attempts fail and how long to wait before the next. A kind of failure is said
 * once, as a warning or an error that names the setting to check, until a connection succeeds;
 * every later attempt of the same kind is an INFO line (shown with {@code debug="true"}).
 */
final class ConnectionFailures {

    private final Backoff backoff;
    private final String endpoint;
    private final StatusReporter status;
    private String lastKind;

    ConnectionFailures(Backoff backoff, String endpoint, StatusReporter status) {
        this.backoff = backoff;
        this.endpoint = endpoint;
        this.status = status;
    }

    /** Reports the failed attempt; returns the delay before the next, in milliseconds. */
    long failed(Exception e) {
        long delay = backoff.next();
        String kind = kindOf(e);
        if (kind.equals(lastKind)) {
            status.info("connection attempt " + backoff.failures() + " failed (" + BrokerReply.describe(e) + "); next in " + delay + " ms");
            return delay;
        }
        lastKind = kind;
        if (e instanceof AuthenticationFailureException || e instanceof PossibleAuthenticationFailureException) {
            status.error("login refused for " + endpoint + ": check username, password and virtualHost (" + BrokerReply.describe(e) + ")");
        } else if (kind.equals(UnknownHostException.class.getName())) {
            status.error("unknown host: cannot resolve the broker's host (" + endpoint + "); check uri or addresses");
        } else if (e instanceof ExchangeConflict) {
            status.error(((ExchangeConflict) e).advice("this appender declares it", ConnectionFailures::settingToMatch,
                    "delete the exchange, or set <declareExchange>false</declareExchange> to use it as it is"));
        } else {
            status.warn("cannot connect to " + endpoint + " (" + BrokerReply.describe(e) + "); retrying with backoff, events are buffered");
        }
        return delay;
    }

    /** A connection succeeded: the next failure is said again, and the backoff starts over. */
    void connected() {
        backoff.reset();
        lastKind = null;
    }

    private static String kindOf(Exception e) {
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return UnknownHostException.class.getName();
        }
        return e.getClass().getName();
    }

    /** The property that makes the appender declare the exchange as it exists; null when none can. */
    private static String settingToMatch(ExchangeConflict.Difference difference) {
        switch (difference.argument()) {
            case "type":
                return "set <exchangeType>" + difference.existing() + "</exchangeType>";
            case "durable":
                return "set <exchangeDurable>" + difference.existing() + "</exchangeDurable>";
            default:
                return null;
        }
    }
}
