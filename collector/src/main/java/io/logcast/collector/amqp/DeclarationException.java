package io.logcast.collector.amqp;

/** The broker refused the collector's topology (406 PRECONDITION_FAILED and the like): retrying cannot help. */
public final class DeclarationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DeclarationException(String message, Throwable cause) {
        super(message, cause);
    }
}
