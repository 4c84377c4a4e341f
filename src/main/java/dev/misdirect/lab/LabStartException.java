package dev.misdirect.lab;

/** A lab could not start (typically: the requested port is taken on one of its loopback addresses). */
public class LabStartException extends Exception {
    public LabStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
