package dev.misdirect.core.check;

/** The check could not run at all: nothing it was asked about was reachable. */
public final class CheckCannotRunException extends Exception {
    public CheckCannotRunException(String message) {
        super(message);
    }
}
