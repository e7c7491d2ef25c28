package io.logcast.collector.sink;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A {@link PatternLayoutEncoder} for terminals and for the text files people read in them: event
 * content is escaped before the pattern turns it into text, so the only escape codes that reach the
 * terminal are the pattern's own colours. Writes UTF-8 unless given another charset, whatever the
 * platform's locale. Use it in a {@code --config} file:
 * {@code <encoder class="io.logcast.collector.sink.TerminalSafeEncoder">}.
 */
public class TerminalSafeEncoder extends PatternLayoutEncoder {

    public TerminalSafeEncoder() {
        setCharset(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(new TerminalSafeEvent(event));
    }
}
