package io.logcast.collector.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One page's live feed: a Server-Sent Events response fed from a bounded {@link ClientQueue}. One
 * write at a time is in flight (Jetty's {@link IteratingCallback} loop); what arrives meanwhile waits
 * in the queue or is dropped there, so the consuming thread never waits for a page.
 */
final class LiveClient extends IteratingCallback {

    /** Bytes of entries written at once. */
    static final int MAX_WRITE = 256 * 1024;

    private static final byte[] PREAMBLE = "retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private final String instance;
    private final ClientQueue queue;
    private final Response response;
    private final Callback requestDone;
    private final Executor executor;
    private final Consumer<LiveClient> onClose;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private volatile boolean preambleDue = true;
    private volatile boolean pingDue;

    /**
     * @param instance    the daemon's instance id, part of each SSE id, so that a page that comes back
     *                    after a restart is told so
     * @param requestDone completed when the feed ends (the page left or the server stops)
     * @param onClose     run once when the feed ends
     */
    LiveClient(String instance, ClientQueue queue, Response response, Callback requestDone, Executor executor, Consumer<LiveClient> onClose) {
        this.instance = instance;
        this.queue = queue;
        this.response = response;
        this.requestDone = requestDone;
        this.executor = executor;
        this.onClose = onClose;
    }

    ClientQueue queue() {
        return queue;
    }

    /** Queues the entry (or drops it, counted) and makes sure a writer will send it; never waits. */
    void offer(FeedEntry entry) {
        queue.offer(entry);
        wake();
    }

    /** Writes a comment line soon if nothing else is written: it keeps idle proxies and timeouts away. */
    void ping() {
        pingDue = true;
        wake();
    }

    /** Runs the write loop on a server thread, not on the caller's (the consuming thread). */
    void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                wakeScheduled.set(false);
                iterate();
            });
        }
    }

    @Override
    protected Action process() {
        List<ClientQueue.Item> batch = queue.drain(MAX_WRITE);
        // anything written keeps the connection alive: a ping only when there is nothing else
        boolean ping = pingDue && batch.isEmpty() && !preambleDue;
        pingDue = false;
        if (batch.isEmpty() && !preambleDue && !ping) {
            return Action.IDLE;
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream(8192);
        if (preambleDue) {
            frames.writeBytes(PREAMBLE);
            preambleDue = false;
        }
        if (ping) {
            frames.writeBytes(PING);
        }
        for (ClientQueue.Item item : batch) {
            if (item.entry() == null) {
                frame(frames, null, FeedJson.of(0, Marker.dropped(System.currentTimeMillis(), item.dropped())));
            } else {
                frame(frames, item.entry().id() > 0 ? instance + "-" + item.entry().id() : null, item.entry().json());
            }
        }
        response.write(false, ByteBuffer.wrap(frames.toByteArray()), this);
        return Action.SCHEDULED;
    }

    private static void frame(ByteArrayOutputStream out, String id, byte[] json) {
        if (id != null) {
            out.writeBytes(("id: " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(json);
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The page went away or the server stops: nothing more is queued for it. */
    @Override
    protected void onCompleteFailure(Throwable cause) {
        queue.discard();
        onClose.accept(this);
        requestDone.failed(cause);
    }
}
