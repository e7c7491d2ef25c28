package io.logcast.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP server that is no AMQP broker: it accepts connections and then says nothing, or answers
 * the client's protocol header with bytes of its own (an HTTP server's) and closes.
 */
final class TcpPeer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private TcpPeer(byte[] answer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(answer), "tcp-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Accepts, and never answers. */
    static TcpPeer silent() throws IOException {
        return new TcpPeer(null);
    }

    /** Reads the client's first 8 bytes, answers {@code answer}, closes. */
    static TcpPeer answering(byte[] answer) throws IOException {
        return new TcpPeer(answer);
    }

    /** {@code amqp://guest:guest@127.0.0.1:<port>/%2F}. */
    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + server.getLocalPort() + "/%2F";
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.size();
    }

    private void serve(byte[] answer) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.add(client);
                if (answer != null) {
                    try (client) {
                        client.getInputStream().readNBytes(8);
                        client.getOutputStream().write(answer);
                        client.getOutputStream().flush();
                    }
                }
            } catch (IOException closed) {
                // the server or the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
