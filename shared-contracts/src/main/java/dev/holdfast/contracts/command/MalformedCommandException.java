package dev.holdfast.contracts.command;

/** A record on {@code reservation-commands} that can never be applied: retrying it cannot help. */
public class MalformedCommandException extends RuntimeException {

    public MalformedCommandException(String message) {
        super(message);
    }

    public MalformedCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
