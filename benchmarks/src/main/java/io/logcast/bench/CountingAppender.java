package io.logcast.bench;

import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/** Anchor B1: an appender that only counts (a LongAdder, so two threads do not contend on one cache line). */
final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final LongAdder appended = new LongAdder();
    private boolean prepareForDeferredProcessing;

    /** Whether to do first what an asynchronous appender must do on the caller's thread. Default false. */
    void setPrepareForDeferredProcessing(boolean prepare) {
        this.prepareForDeferredProcessing = prepare;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (prepareForDeferredProcessing) {
            event.prepareForDeferredProcessing();
        }
        appended.increment();
    }

    long appended() {
        return appended.sum();
    }
}
