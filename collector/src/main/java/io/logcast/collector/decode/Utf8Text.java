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

    /** True when the first {@code length} bytes are valid UTF-8. */
    static boolean isValid(byte[] bytes, int length) {
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
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
