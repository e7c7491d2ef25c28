package io.logcast.collector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void everyControlCharacterButTabAndNewlineIsShownAsItsHexCode() {
        assertThat(TerminalText.escape("a\u0000b\u0007c\u001b[2Jd\re\u007ff\u0085g\u009b31mh\u009fi"))
                .isEqualTo("a\\x00b\\x07c\\x1B[2Jd\\x0De\\x7Ff\\x85g\\x9B31mh\\x9Fi");
    }

    @Test
    void tabNewlineAndEveryPrintableCharacterStayAsTheyAre() {
        String text = "tab\there\nnext line: caf\u00e9 \u00a0\u00a9 \uc548\ub155 \ud83c\udf89 e\u0301 \\x1B";

        assertThat(TerminalText.escape(text)).isSameAs(text);
    }

    @Test
    void nullStaysNull() {
        assertThat(TerminalText.escape(null)).isNull();
    }
}
