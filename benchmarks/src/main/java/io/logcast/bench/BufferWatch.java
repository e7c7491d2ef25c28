package io.logcast.bench;

import java.util.concurrent.atomic.LongAdder;

import io.logcast.appender.RabbitMQAppender;

/**
 * Samples the appender's buffer depth every millisecond during an E round: a buffer that is full
 * most of the time means the application waits for the publisher (publishing, the broker or the
 * consumers are the limit); a buffer that is mostly empty means the application itself is.
 */
final class BufferWatch {

    /** The appender's default bufferSize, which the E rounds keep. */
    static final int CAPACITY = 8192;

    private final Thread sampler;
    private final LongAdder samples = new LongAdder();
    private final LongAdder full = new LongAdder();
    private final LongAdder depthSum = new LongAdder();
    private volatile boolean stopped;

    private BufferWatch(RabbitMQAppender appender, int capacity) {
        sampler = new Thread(() -> {
            while (!stopped) {
                int depth = appender.getBufferDepth();
                samples.increment();
                depthSum.add(depth);
                if (depth >= capacity) {
                    full.increment();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "logcast-bench-buffer-watch");
        sampler.setDaemon(true);
    }

    static BufferWatch start(RabbitMQAppender appender) {
        BufferWatch watch = new BufferWatch(appender, CAPACITY);
        watch.sampler.start();
        return watch;
    }

    void stop() throws InterruptedException {
        stopped = true;
        sampler.join();
    }

    String summary() {
        long n = Math.max(1, samples.sum());
        return String.format("buffer full in %.0f%% of %d samples, mean depth %.0f of %d", 100.0 * full.sum() / n, n,
                depthSum.sum() / (double) n, CAPACITY);
    }
}
