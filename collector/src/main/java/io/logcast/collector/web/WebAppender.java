package io.logcast.collector.web;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/** The sink context's appender for the web view: each event it is handed goes to the pages. */
final class WebAppender extends AppenderBase<ILoggingEvent> {

    private final EventHub hub;

    WebAppender(EventHub hub) {
        this.hub = hub;
    }

    @Override
    protected void append(ILoggingEvent event) {
        hub.publish(WebEvent.of(event));
    }
}
