package io.logcast.appender;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

import io.logcast.core.WireContract;

/**
 * The content type of an encoder's bytes, from what the encoder declares: Logback's
 * {@code JsonEncoder} writes UTF-8 JSON; a layout encoder (PatternLayoutEncoder, ...) writes its
 * layout's content type in its charset. Other encoders declare nothing: the user says it with the
 * appender's {@code contentType}.
 */
final class ContentTypes {

    /** Bytes of unknown kind. */
    static final String UNKNOWN = "application/octet-stream";

    private ContentTypes() {
    }

    /**
     * Makes a layout encoder that names no charset write UTF-8. Left alone it would write the
     * platform's charset, which Java 17 takes from the locale: US-ASCII under {@code LC_ALL=POSIX},
     * where every other character becomes {@code ?}.
     */
    static void defaultToUtf8(Encoder<?> encoder) {
        if (encoder instanceof LayoutWrappingEncoder && ((LayoutWrappingEncoder<?>) encoder).getCharset() == null) {
            ((LayoutWrappingEncoder<?>) encoder).setCharset(StandardCharsets.UTF_8);
        }
    }

    /**
     * What {@code encoder} declares it writes: {@code application/json} (JSON is UTF-8 by definition,
     * RFC 8259, and takes no charset parameter), or a layout's type with the charset of the bytes
     * ({@code text/plain; charset=utf-8}); null when it declares nothing.
     */
    static String declaredBy(Encoder<?> encoder) {
        if (encoder instanceof JsonEncoder) {
            return WireContract.CONTENT_TYPE_JSON;
        }
        if (encoder instanceof LayoutWrappingEncoder) {
            LayoutWrappingEncoder<?> text = (LayoutWrappingEncoder<?>) encoder;
            Layout<?> layout = text.getLayout();
            String type = layout == null || layout.getContentType() == null ? "text/plain" : layout.getContentType();
            Charset charset = text.getCharset() == null ? Charset.defaultCharset() : text.getCharset();
            return type + "; charset=" + charset.name().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** {@code configured} when set, else what {@code encoder} declares, else unknown bytes, with a warning that says how to tell. */
    static String choose(String configured, Encoder<?> encoder, StatusReporter status) {
        if (configured != null) {
            return configured.trim();
        }
        String declared = declaredBy(encoder);
        if (declared == null) {
            status.warn("the encoder " + encoder.getClass().getName() + " does not declare what it writes: messages are labelled '"
                    + UNKNOWN + "'; set <contentType> (application/json for a JSON encoder)");
            return UNKNOWN;
        }
        return declared;
    }

    /** Whether bodies of {@code contentType} are JSON, one event per line, so that several can share a message. */
    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals(WireContract.CONTENT_TYPE_JSON) || type.endsWith("+json") || type.equals("application/x-ndjson");
    }
}
