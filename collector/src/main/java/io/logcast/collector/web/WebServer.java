package io.logcast.collector.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.logcast.collector.account.DeliveryCounts;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server (Jetty, without servlets) that serves the page, the live feed, the API and the
 * metrics on one address. A few threads suffice: live feeds hold no thread while they wait.
 */
public final class WebServer {

    /** A page that has read nothing for this long is disconnected (it reconnects, and is told what it missed). */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** A keep-alive comment this often, well within the idle timeout. */
    static final long PING_SECONDS = 10;

    private final Server server;
    private final ServerConnector connector;
    private final EventHub hub;
    private final String host;
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "logcast-web-ping");
        thread.setDaemon(true);
        return thread;
    });

    /** @param counts the daemon's delivery counts ({@code Daemon.counts()}), read by {@code /metrics} */
    public WebServer(EventHub hub, Supplier<DeliveryCounts> counts, Access access, InetAddress bind, int port) {
        this.hub = hub;
        this.host = bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("logcast-web");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        // the hub's recent buffer is the History that GET /api/events reads
        server.setHandler(new WebRoutes(hub, hub, counts, access, new StaticAssets(), threads));
        server.setStopTimeout(2_000);
    }

    /**
     * Listens and serves.
     *
     * @throws IOException with the reason (the address is in use, not of this machine, not allowed)
     */
    public void start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            stop();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IOException(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), e);
        }
        pings.scheduleAtFixedRate(hub::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    /** The address asked for: {@code 127.0.0.1:8080}. */
    String address() {
        return host + ":" + connector.getPort();
    }

    /** Where it listens, once started: {@code http://127.0.0.1:8080/} (the port chosen when 0 was asked for). */
    String url() {
        return "http://" + host + ":" + connector.getLocalPort() + "/";
    }

    /** Ends every page's feed and stops listening. */
    public void stop() {
        pings.shutdownNow();
        hub.close();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway: the process ends
        }
    }
}
