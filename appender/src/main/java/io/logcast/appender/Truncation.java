package io.logcast.appender;

import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Cuts an event whose body would exceed {@code maxMessageBytes}, so that one large event costs
 * neither a consumer's connection nor the events after it. The message is cut first, down to a
 * quarter of the limit; then the stack trace, from its end; then the rest of the message. Each cut
 * text ends with {@code [truncated N bytes]}, N the bytes of text (UTF-8) cut from it.
 */
final class Truncation {

    /** Encodings tried per stage at most; each brings the kept size closer to the limit. */
    private static final int MAX_PROBES = 12;

    private final Encoder<ILoggingEvent> encoder;
    private final int maxBytes;

    Truncation(Encoder<ILoggingEvent> encoder, int maxBytes) {
        this.encoder = encoder;
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /**
     * The body of {@code event} cut to at most maxBytes, given its whole {@code body}; null when
     * even its first line (class name of the top throwable, marker) and its other fields exceed it.
     */
    byte[] fit(ILoggingEvent event, byte[] body) {
        String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        IThrowableProxy throwable = event.getThrowableProxy();
        long traceSize = throwable == null ? 0 : StackTraceCut.size(throwable);
        EventView view = EventView.of(event);
        long floor = Math.min(text.length, maxBytes / 4);

        byte[] fitted = largest(keep -> view.withMessage(cut(text, keep)), floor, text.length, body.length);
        if (fitted == null && throwable != null) {
            EventView atFloor = view.withMessage(cut(text, floor));
            fitted = largest(keep -> atFloor.withThrowable(StackTraceCut.keep(throwable, traceSize, keep)), 0, traceSize, -1);
        }
        if (fitted == null) {
            EventView firstLine = throwable == null ? view : view.withThrowable(StackTraceCut.keep(throwable, traceSize, 0));
            fitted = largest(keep -> firstLine.withMessage(cut(text, keep)), 0, floor, -1);
        }
        return fitted;
    }

    /**
     * The body of the candidate keeping the most in {@code [low, high]} that fits, found by secant
     * steps (a body grows about linearly with what it keeps); null when even {@code low} does not
     * fit. {@code highLength}: the body length at {@code high} when known, else -1.
     */
    private byte[] largest(LongFunction<ILoggingEvent> candidate, long low, long high, long highLength) {
        byte[] best = encoder.encode(candidate.apply(low));
        if (best.length > maxBytes) {
            return null;
        }
        byte[] atHigh = highLength >= 0 ? null : encoder.encode(candidate.apply(high));
        long overLength = atHigh != null ? atHigh.length : highLength;
        if (overLength <= maxBytes) {
            return atHigh != null ? atHigh : encoder.encode(candidate.apply(high));
        }
        long fitting = low;
        long fittingLength = best.length;
        long over = high;
        for (int probe = 0; probe < MAX_PROBES && over - fitting > 1 && maxBytes - fittingLength > maxBytes / 100; probe++) {
            double slope = Math.max(1e-9, (double) (overLength - fittingLength) / (over - fitting));
            long next = fitting + (long) ((maxBytes - fittingLength) / slope);
            next = Math.max(fitting + 1, Math.min(over - 1, next));
            byte[] body = encoder.encode(candidate.apply(next));
            if (body.length <= maxBytes) {
                best = body;
                fitting = next;
                fittingLength = body.length;
            } else {
                over = next;
                overLength = body.length;
            }
        }
        return best;
    }

    /** The first {@code keep} bytes of {@code text} (ending on a whole character), marked when it is cut. */
    static String cut(byte[] text, long keep) {
        if (keep >= text.length) {
            return new String(text, StandardCharsets.UTF_8);
        }
        int end = (int) keep;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--; // a UTF-8 continuation byte: the character starts before
        }
        String kept = new String(text, 0, end, StandardCharsets.UTF_8);
        String marker = marker(text.length - end);
        return kept.isEmpty() ? marker : kept + " " + marker;
    }

    /** The first characters of {@code text} within {@code bytes} UTF-8 bytes, not marked. */
    static String prefix(String text, int bytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (bytes >= utf8.length) {
            return text;
        }
        int end = bytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    static String marker(long removedBytes) {
        return "[truncated " + removedBytes + " bytes]";
    }

    /** Bytes of {@code text} in UTF-8, counted without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
