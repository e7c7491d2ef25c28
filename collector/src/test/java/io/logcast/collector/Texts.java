package io.logcast.collector;

import static org.assertj.core.api.Assertions.fail;

/** Comparing large texts with a readable failure: the first line that differs, not the whole text. */
final class Texts {

    private Texts() {
    }

    static void assertSameText(String actual, String expected) {
        if (actual.equals(expected)) {
            return;
        }
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, e.length); i++) {
            if (!a[i].equals(e[i])) {
                fail("line " + (i + 1) + " differs:\n expected: " + abbreviate(e[i]) + "\n actual:   " + abbreviate(a[i]));
            }
        }
        fail("texts differ in length: expected " + e.length + " lines (" + expected.length() + " chars), got "
                + a.length + " lines (" + actual.length() + " chars)");
    }

    private static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "... (" + line.length() + " chars)" : line;
    }
}
