package io.logcast.collector.sink;

import java.util.List;
import java.util.regex.Pattern;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import io.logcast.collector.decode.RemoteEvent;

/** The console's selection options as Logback filters. */
final class EventFilters {

    private EventFilters() {
    }

    /** Passes events whose logger name starts with one of the prefixes. */
    static Filter<ILoggingEvent> loggerPrefixes(List<String> prefixes) {
        return new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                String logger = event.getLoggerName();
                return prefixes.stream().anyMatch(logger::startsWith) ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        };
    }

    /** Passes events whose message (with its arguments) contains a match of {@code regex}. */
    static Filter<ILoggingEvent> messageMatches(Pattern regex) {
        return new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                String message = event.getFormattedMessage();
                return message != null && regex.matcher(message).find() ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        };
    }

    /** Passes events of one remote application. */
    static Filter<ILoggingEvent> application(String app) {
        return new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                String origin = event.getLoggerContextVO() == null ? null
                        : event.getLoggerContextVO().getPropertyMap().get(RemoteEvent.APP_PROPERTY);
                return app.equals(origin) ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        };
    }
}
