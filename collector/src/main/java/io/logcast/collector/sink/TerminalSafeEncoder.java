package io.logcast.collector.sink;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A {@link PatternLayoutEncoder} for terminals: event content is escaped before the pattern turns it
 * into text, so the only escape codes that reach the terminal are the pattern's own colours. Use it
 * in a {@code --config} file for the console: {@code <encoder class="io.logcast.collector.sink.TerminalSafeEncoder">}.
 */
public class TerminalSafeEncoder extends PatternLayoutEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(new TerminalSafeEvent(event));
    }
}
