package dev.misdirect.core.io;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A session document could not be read: it is empty, truncated, not JSON, not a session, or written by a newer
 * version. The message names the source and, when known, the line and column of the problem.
 */
public final class SessionFormatException extends IOException {
    private final int line;
    private final int column;

    public SessionFormatException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public SessionFormatException(String message) {
        this(message, -1, -1, null);
    }

    /** 1-based line of the problem, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** 1-based column of the problem, when known. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
