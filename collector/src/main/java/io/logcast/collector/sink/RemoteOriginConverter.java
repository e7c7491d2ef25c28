package io.logcast.collector.sink;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextVO;

import io.logcast.collector.decode.RemoteEvent;

/** {@code %app} and {@code %host}: where a remote event comes from, {@code -} when unknown. */
abstract class RemoteOriginConverter extends ClassicConverter {

    private final String property;

    RemoteOriginConverter(String property) {
        this.property = property;
    }

    @Override
    public String convert(ILoggingEvent event) {
        LoggerContextVO context = event.getLoggerContextVO();
        String value = context == null || context.getPropertyMap() == null ? null : context.getPropertyMap().get(property);
        return value == null ? "-" : value;
    }

    /** {@code %app}. */
    static final class Application extends RemoteOriginConverter {
        Application() {
            super(RemoteEvent.APP_PROPERTY);
        }
    }

    /** {@code %host}. */
    static final class Host extends RemoteOriginConverter {
        Host() {
            super(RemoteEvent.HOST_PROPERTY);
        }
    }
}
