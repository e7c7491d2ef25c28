package io.logcast.appender;

/**
 * A thread that works for the appender: the publisher and amqp-client's own threads. Events logged
 * on such a thread are never published, so the appender cannot feed on itself.
 */
class AppenderThread extends Thread {

    AppenderThread(Runnable task, String name) {
        super(task, name);
        // The application decides when the JVM exits; buffered events are drained by stop().
        setDaemon(true);
    }

    static boolean isCurrent() {
        return Thread.currentThread() instanceof AppenderThread;
    }
}
