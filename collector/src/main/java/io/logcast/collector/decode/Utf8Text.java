package io.logcast.collector.decode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns any bytes into text without losing any: invalid UTF-8 sequences become {@code \xNN}. Bodies may
 * be hundreds of megabytes: valid UTF-8, the usual case, is decoded in one step, without copies beside it.
 */
final class Utf8Text {

    private static final int CHUNK = 8192;

    private Utf8Text() {
    }

    /**
     * True when the first {@code length} bytes are valid UTF-8, as the JDK's strict decoder judges
     * (no overlong forms, no surrogates, nothing above U+10FFFF). Checked byte by byte, without
     * decoding: every event body passes here, and most are ASCII.
     */
    static boolean isValid(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int continuation;
            int min;
            int max = 0xbf;
            if (lead >= 0xc2 && lead <= 0xdf) {
                continuation = 1;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                continuation = 2;
                min = lead == 0xe0 ? 0xa0 : 0x80; // no overlong form
                max = lead == 0xed ? 0x9f : 0xbf; // no surrogate
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                continuation = 3;
                min = lead == 0xf0 ? 0x90 : 0x80; // no overlong form
                max = lead == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
            } else {
                return false;
            }
            if (i + continuation >= length) {
                return false; // cut short
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= continuation; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }

    /** The first {@code length} bytes as text. */
    static String decode(byte[] bytes, int length) {
        if (isValid(bytes, length)) {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        StringBuilder text = new StringBuilder(length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            text.append(out);
            out.clear();
            if (result.isUnderflow()) {
                decoder.flush(out);
                out.flip();
                text.append(out);
                return text.toString();
            }
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    text.append(String.format("\\x%02X", in.get() & 0xff));
                }
            }
        }
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
