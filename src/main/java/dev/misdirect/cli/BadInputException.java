package dev.misdirect.cli;

/** Input the user gave cannot be used; the message names the input and the reason. Exits with 2. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
