package dev.misdirect.core.vantage;

/** Session documents that cannot be merged, with the reason (naming the document concerned). */
public final class MergeException extends Exception {
    public MergeException(String message) {
        super(message);
    }
}
