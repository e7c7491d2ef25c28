package io.logcast.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import com.rabbitmq.client.ConnectionFactory;

/**
 * An AMQP URI as the user gave it: checked once, applied to a connection factory, and printed only
 * with its password replaced by {@code ****}.
 */
public final class BrokerUri {

    /** The broker of the RabbitMQ tutorials: a local RabbitMQ with its default user. */
    public static final String DEFAULT = "amqp://guest:guest@localhost:5672/%2F";

    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private final String text;
    private final URI plain;
    private final boolean tls;

    private BrokerUri(String text, URI plain, boolean tls) {
        this.text = text;
        this.plain = plain;
        this.tls = tls;
    }

    /**
     * Checks {@code text}: scheme {@code amqp} or {@code amqps}, a host, and what amqp-client accepts.
     *
     * @throws IllegalArgumentException saying why, with the password masked
     */
    public static BrokerUri parse(String text) {
        String problem;
        try {
            String trimmed = text == null ? "" : text.trim();
            URI parsed = new URI(trimmed);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
                problem = "the scheme must be amqp or amqps";
            } else if (parsed.getHost() == null) {
                problem = "it has no host";
            } else {
                boolean tls = scheme.equals("amqps");
                // amqp-client would install a trust-everything TLS context for amqps: TLS is set up by ConnectionFactories
                URI plain = tls ? new URI("amqp" + trimmed.substring(5)) : parsed;
                new ConnectionFactory().setUri(plain);
                return new BrokerUri(trimmed, plain, tls);
            }
        } catch (URISyntaxException e) {
            problem = e.getMessage();
        } catch (Exception e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        throw new IllegalArgumentException("'" + mask(String.valueOf(text)) + "' is not a valid AMQP URI (" + mask(problem)
                + "); expected amqp://user:password@host:5672/vhost or amqps://...");
    }

    /** True for {@code amqps://}: TLS, with the broker's certificate and host name verified. */
    public boolean isTls() {
        return tls;
    }

    /** Safe for any output. */
    public String masked() {
        return mask(text);
    }

    /** Host, port (5671 for TLS when the URI names none), user, password and virtual host. */
    void applyTo(ConnectionFactory factory) {
        try {
            factory.setUri(plain);
        } catch (Exception e) {
            throw new IllegalStateException("checked by parse()", e);
        }
        if (tls && plain.getPort() == -1) {
            factory.setPort(ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT);
        }
    }

    /** {@code text} with the password of every AMQP URI in it replaced by {@code ****}. */
    public static String mask(String text) {
        return text == null ? null : PASSWORD.matcher(text).replaceAll("$1****@");
    }

    @Override
    public String toString() {
        return masked();
    }
}
