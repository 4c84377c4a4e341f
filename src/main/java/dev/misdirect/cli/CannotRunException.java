package dev.misdirect.cli;

/** The command could not run (nothing reachable, a port taken). Exits with 3. */
public class CannotRunException extends RuntimeException {
    public CannotRunException(String message) {
        super(message);
    }

    public CannotRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
