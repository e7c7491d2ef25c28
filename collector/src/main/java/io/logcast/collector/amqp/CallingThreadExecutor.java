package io.logcast.collector.amqp;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs amqp-client's consumer callbacks on the connection's own reader thread instead of handing each
 * to a thread of a pool. A daemon's callbacks only put what arrived into its consuming thread's inbox
 * (they never block and never call the broker, which from the reader thread would wait for itself),
 * so the pool's thread was one more hand-over, and one more thread woken, per message.
 */
final class CallingThreadExecutor extends AbstractExecutorService {

    static final CallingThreadExecutor INSTANCE = new CallingThreadExecutor();

    private CallingThreadExecutor() {
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    // shared by every connection and owning no thread: there is nothing to shut down
    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
