package io.logcast.collector.sink;

import java.nio.file.Path;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;

/**
 * The active file a disk sink writes every event to, and the encoder that renders each one there: what
 * a restarted disk writer needs to recognise what its killed predecessor wrote.
 */
public record WrittenFile(Path path, Encoder<ILoggingEvent> encoder) {

    /** The bytes the sink writes for {@code event}. Called on the consuming thread, as the appender is. */
    public byte[] render(ILoggingEvent event) {
        return encoder.encode(event);
    }
}
