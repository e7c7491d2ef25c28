package io.logcast.collector.web;

import java.io.IOException;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.decode.RemoteEvent;
import io.logcast.collector.sink.EventSink;
import io.logcast.collector.sink.SinkException;

/**
 * The web daemon's sink: each event goes to the {@link EventHub} (the recent buffer and the live
 * pages), and the HTTP server that serves them lives as long as the sink does.
 */
public final class WebSink implements EventSink {

    private final EventHub hub;
    private final WebServer server;

    private WebSink(EventHub hub, WebServer server) {
        this.hub = hub;
        this.server = server;
    }

    /**
     * Listens, says where, and takes events from then on.
     *
     * @throws SinkException when it cannot listen (the address is in use, not of this machine)
     */
    public static WebSink start(EventHub hub, WebServer server, Diagnostics diagnostics) {
        try {
            server.start();
        } catch (IOException e) {
            throw new SinkException("cannot listen on " + server.address() + " (" + e.getMessage() + ")");
        }
        diagnostics.say("web view at " + server.url());
        return new WebSink(hub, server);
    }

    /** @throws SinkException when the event could not be shown (it stays unacknowledged, as an event a file could not take) */
    @Override
    public void append(RemoteEvent event) {
        try {
            hub.publish(WebEvent.of(event));
        } catch (RuntimeException e) {
            throw new SinkException("cannot show an event on the pages: " + e);
        }
    }

    /** Ends every page's feed and stops listening. */
    @Override
    public void close() {
        server.stop();
    }
}
