package io.logcast.collector.amqp;

import java.util.regex.Pattern;

/** An AMQP URI and its printable form, whose password is replaced by {@code ****}. */
public final class BrokerUri {

    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private final String uri;

    public BrokerUri(String uri) {
        this.uri = uri;
    }

    /** The URI with credentials, for the connection factory only. */
    String secret() {
        return uri;
    }

    /** Safe for any output. */
    public String masked() {
        return mask(uri);
    }

    public static String mask(String text) {
        return PASSWORD.matcher(text).replaceAll("$1****@");
    }

    @Override
    public String toString() {
        return masked();
    }
}
