package io.logcast.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of {@code amqps://} connections, for the appender and the collectors alike:
 * verification against a trust store, never amqp-client's trust-everything default.
 */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * Trusts the CAs in {@code file} (of the JVM's default key store type), or the JVM's default
     * trust store ({@code javax.net.ssl.trustStore} or cacerts) when it is null.
     */
    public static SSLContext context(File file, String password) throws GeneralSecurityException, IOException {
        KeyStore trusted = null;
        if (file != null) {
            trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(file.toPath())) {
                trusted.load(in, password == null ? null : password.toCharArray());
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
