package io.logcast.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalSignalsTest {

    @Test
    void sigintIsReadFromTheIgnoredSignalMaskOfProcStatus(@TempDir Path dir) throws Exception {
        // a non-interactive shell's background job ignores SIGINT and SIGQUIT (signals 2 and 3: mask 0x6)
        Files.writeString(dir.resolve("background"), "Name:\tjava\nSigIgn:\t0000000000000006\n");
        Files.writeString(dir.resolve("foreground"), "Name:\tjava\nSigIgn:\t0000000000000004\n");

        assertThat(TerminalSignals.ignoresSigint(dir.resolve("background"))).isTrue();
        assertThat(TerminalSignals.ignoresSigint(dir.resolve("foreground"))).isFalse();
        assertThat(TerminalSignals.ignoresSigint(dir.resolve("no-such-status"))).isFalse();
    }

    @Test
    void aCommandIsPrefixedOnlyWhenThisJvmIgnoresSigint() {
        List<String> command = List.of("bash", "demo.sh");
        boolean ignoring = TerminalSignals.ignoresSigint(Path.of("/proc/self/status"));

        assertThat(TerminalSignals.withCtrlC(command))
                .isEqualTo(ignoring ? List.of("env", "--default-signal=INT", "bash", "demo.sh") : command);
    }
}
