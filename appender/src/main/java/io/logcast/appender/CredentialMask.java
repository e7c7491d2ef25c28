package io.logcast.appender;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextVO;

import io.logcast.core.BrokerUri;

/**
 * Keeps the appender's own credentials out of the events it publishes. JSON encoders write the
 * Logback context's properties into every event, and a Spring Boot
 * {@code <springProperty scope="context">} may put the broker URI or its password there: a property
 * value is published with every AMQP URI password in it, and every one of the appender's
 * credentials (the URI's password, {@code password}, {@code trustStorePassword}), replaced by
 * {@code ****}. Publisher thread only.
 */
final class CredentialMask {

    private static final String MASK = "****";

    private final List<String> secrets;
    // The context hands every event the same properties object until a property changes: mask each once.
    private LoggerContextVO lastSeen;
    private LoggerContextVO lastMasked;

    CredentialMask(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The credentials of this configuration: the URI's password (as written and decoded), {@code password}, {@code trustStorePassword}. */
    static CredentialMask of(String uri, String password, String trustStorePassword) {
        List<String> secrets = new ArrayList<>();
        try {
            URI parsed = new URI(uri == null ? "" : uri.trim());
            add(secrets, passwordOf(parsed.getRawUserInfo()));
            add(secrets, passwordOf(parsed.getUserInfo()));
        } catch (URISyntaxException e) {
            // start() refuses such a URI; nothing of it is published
        }
        add(secrets, password);
        add(secrets, trustStorePassword);
        // Longest first: a password containing another is replaced whole.
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return new CredentialMask(secrets);
    }

    /** {@code event}, or a view of it whose context properties hold no credential. */
    ILoggingEvent apply(ILoggingEvent event) {
        LoggerContextVO context = event.getLoggerContextVO();
        if (context == null) {
            return event;
        }
        if (context != lastSeen) {
            lastSeen = context;
            lastMasked = mask(context);
        }
        return lastMasked == null ? event : EventView.of(event).withContext(lastMasked);
    }

    /** The context with its property values masked; null when none needed it. */
    private LoggerContextVO mask(LoggerContextVO context) {
        Map<String, String> properties = context.getPropertyMap();
        if (properties == null) {
            return null;
        }
        Map<String, String> masked = new LinkedHashMap<>(properties.size());
        boolean changed = false;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String value = mask(property.getValue());
            changed |= value != null && !value.equals(property.getValue());
            masked.put(property.getKey(), value);
        }
        return changed ? new LoggerContextVO(context.getName(), masked, context.getBirthTime()) : null;
    }

    String mask(String value) {
        if (value == null) {
            return null;
        }
        String masked = BrokerUri.mask(value);
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private static String passwordOf(String userInfo) {
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon < 0 ? null : userInfo.substring(colon + 1);
    }

    private static void add(List<String> secrets, String secret) {
        if (secret != null && !secret.isEmpty() && !secret.equals(MASK) && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }
}
