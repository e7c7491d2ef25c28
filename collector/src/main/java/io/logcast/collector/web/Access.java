package io.logcast.collector.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may read the web view. Without a token (bound to loopback): requests whose {@code Host} names
 * this machine, so that a web site cannot read the logs through a browser on this machine by pointing
 * one of its names at 127.0.0.1 (DNS rebinding). With a token: requests that carry it as
 * {@code Authorization: Bearer TOKEN}, or the session cookie a login with it set. The cookie holds a
 * value derived from the token, not the token.
 */
public final class Access {

    static final String COOKIE = "logcast_session";

    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    /** What a request may do. */
    enum Verdict {
        ALLOWED,
        /** It names another host: refused whatever else it carries. */
        FOREIGN_HOST,
        /** A token is required and it carries neither the token nor the session cookie. */
        UNAUTHENTICATED
    }

    private final byte[] token;
    private final String session;

    private Access(byte[] token) {
        this.token = token;
        this.session = token == null ? null : derive(token);
    }

    public static Access local() {
        return new Access(null);
    }

    public static Access withToken(String token) {
        return new Access(token.getBytes(StandardCharsets.UTF_8));
    }

    boolean requiresToken() {
        return token != null;
    }

    /**
     * @param host          the {@code Host} header, null if absent
     * @param authorization the {@code Authorization} header, null if absent
     * @param sessionCookie the value of the {@link #COOKIE} cookie, null if absent
     */
    Verdict check(String host, String authorization, String sessionCookie) {
        if (token == null) {
            return isLocal(host) ? Verdict.ALLOWED : Verdict.FOREIGN_HOST;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && tokenMatches(authorization.substring(7).trim())) {
            return Verdict.ALLOWED;
        }
        if (sessionCookie != null && MessageDigest.isEqual(sessionCookie.getBytes(StandardCharsets.UTF_8),
                session.getBytes(StandardCharsets.UTF_8))) {
            return Verdict.ALLOWED;
        }
        return Verdict.UNAUTHENTICATED;
    }

    /** Compared in constant time: the time taken tells nothing about how much of a guess was right. */
    boolean tokenMatches(String candidate) {
        return token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The session cookie's value; only with a token. */
    String session() {
        return session;
    }

    private static boolean isLocal(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            name = name.substring(0, colon);
        }
        return LOCAL_NAMES.contains(name) || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static String derive(byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("logcast web session".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
