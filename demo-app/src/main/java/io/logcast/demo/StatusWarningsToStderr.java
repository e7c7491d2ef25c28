package io.logcast.demo;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints Logback's WARN and ERROR status messages on stderr as they happen: the appender's voice
 * (broker unreachable, events dropped or undelivered), which Logback otherwise keeps to itself
 * after configuration.
 */
public final class StatusWarningsToStderr implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) {
            return;
        }
        Throwable cause = status.getThrowable();
        System.err.println("logback " + (status.getEffectiveLevel() == Status.ERROR ? "ERROR" : "WARN") + ": "
                + status.getMessage() + (cause == null ? "" : " (" + cause + ")"));
    }
}
