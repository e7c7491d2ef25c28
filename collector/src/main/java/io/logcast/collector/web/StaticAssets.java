package io.logcast.collector.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The page's files, read from the jar once: a fixed set of names, so no request path reaches the class path. */
final class StaticAssets {

    /** A file and its media type. */
    record Asset(byte[] content, String contentType) {
    }

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "login.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final Map<String, Asset> assets = new HashMap<>();

    StaticAssets() {
        TYPES.forEach((name, type) -> assets.put(name, new Asset(read(name), type)));
    }

    /** The file of this name, or null. */
    Asset get(String name) {
        return assets.get(name);
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks io/logcast/collector/web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
