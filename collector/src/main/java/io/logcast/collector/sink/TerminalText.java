package io.logcast.collector.sink;

/**
 * Makes text safe for a terminal: every control character that could move the cursor, change
 * colours, set the title or talk to the terminal (ESC and thus CSI/OSC/DCS sequences, the other C0
 * controls, DEL, the C1 controls U+0080..U+009F) is shown as {@code \xNN}. Tab and newline stay.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isUnsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                safe.append(String.format("\\x%02X", (int) c));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    static boolean isUnsafe(char c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
    }
}
