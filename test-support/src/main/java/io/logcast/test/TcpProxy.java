package io.logcast.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port, between a client under test and a real server, that the test
 * controls: {@link #cut()} every connection, {@link #refuse()} new ones (nothing listens),
 * {@link #blackHole()} them (accepted, never answered: a hung server), and {@link #resume()}
 * forwarding. Starts forwarding.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.to(broker.host(), broker.port())) {
 *     String uri = proxy.rewrite(broker.uri());   // the same broker, through the proxy
 *     ...
 *     proxy.cut();
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, REFUSE, BLACK_HOLE }

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(new InetSocketAddress(host, port), listen(0));
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code uri} with its host and port replaced by the proxy's. */
    public String rewrite(String uri) {
        try {
            URI original = new URI(uri);
            String userInfo = original.getRawUserInfo() == null ? "" : original.getRawUserInfo() + "@";
            String path = original.getRawPath() == null ? "" : original.getRawPath();
            String query = original.getRawQuery() == null ? "" : "?" + original.getRawQuery();
            return original.getScheme() + "://" + userInfo + host() + ":" + port + path + query;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getMessage(), e);
        }
    }

    /** Closes every open connection at once (both sides); new connections are handled as before. */
    public void cut() {
        // Remove only what was closed: a clear() would also forget a connection accepted meanwhile,
        // which then stays open and uncounted.
        for (Socket socket : open) {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    /** Cuts every connection and stops listening: new connections are refused until {@link #resume()}. */
    public synchronized void refuse() {
        mode = Mode.REFUSE;
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        cut();
    }

    /** Cuts every connection; new ones are accepted but never answered nor forwarded until {@link #resume()}. */
    public synchronized void blackHole() throws IOException {
        mode = Mode.BLACK_HOLE;
        cut();
        ensureListening();
    }

    /** Forwards new connections again (on the same port). */
    public synchronized void resume() throws IOException {
        if (mode == Mode.BLACK_HOLE) {
            cut();
        }
        mode = Mode.FORWARD;
        ensureListening();
    }

    /** Client connections open now (forwarded or black-holed). */
    public int openConnections() {
        return (int) open.stream().filter(s -> s.getLocalPort() == port).count();
    }

    @Override
    public synchronized void close() {
        closed = true;
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        cut();
    }

    private void ensureListening() throws IOException {
        if (listener == null && !closed) {
            listener = listenAgain(port);
            acceptOn(listener);
        }
    }

    /**
     * Binds the proxy's port again after {@link #refuse()}. The port is in the ephemeral range, so
     * while nothing listened a client socket may have taken it (a client reconnecting to it can
     * even connect to itself); such a socket closes within moments, so binding is retried briefly.
     */
    private static ServerSocket listenAgain(int port) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return listen(port);
            } catch (java.net.BindException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    private void acceptOn(ServerSocket server) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    open.add(client);
                    if (mode == Mode.FORWARD) {
                        forward(client);
                    }
                } catch (IOException e) {
                    return; // the listener was closed
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            open.remove(client);
            return;
        }
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] chunk = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(chunk)) != -1) {
                    out.write(chunk, 0, read);
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-" + from.getPort() + "-" + to.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing more to do
            }
        }
    }
}
