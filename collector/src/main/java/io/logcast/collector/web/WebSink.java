package io.logcast.collector.web;

import java.io.IOException;
import java.io.PrintStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.LifeCycle;

import io.logcast.collector.sink.SinkContext;
import io.logcast.collector.sink.SinkException;

/**
 * The web daemon's sink: a context whose one appender feeds the {@link EventHub}, and the HTTP server
 * that serves it, started with the sink and stopped when the sink closes.
 */
public final class WebSink {

    private final EventHub hub;
    private final WebServer server;
    private final PrintStream diagnostics;

    public WebSink(EventHub hub, WebServer server, PrintStream diagnostics) {
        this.hub = hub;
        this.server = server;
        this.diagnostics = diagnostics;
    }

    /** Listens, then says where on the diagnostics stream; @throws SinkException when it cannot listen. */
    public SinkContext start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new SinkException("cannot listen on " + server.address() + " (" + e.getMessage() + ")");
        }
        diagnostics.println("logcast-collector: web view at " + server.url());
        diagnostics.flush();
        LoggerContext context = SinkContext.newLoggerContext("logcast-web", false);
        WebAppender appender = new WebAppender(hub);
        appender.setContext(context);
        appender.setName("web");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.register(new LifeCycle() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
                server.stop();
            }

            @Override
            public boolean isStarted() {
                return true;
            }
        });
        return SinkContext.started(context);
    }
}
