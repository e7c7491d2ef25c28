package io.logcast.collector.sink;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/** Stands in for a colour word when colour is off: the content, without escape codes. */
public final class PlainTextConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return in;
    }
}
