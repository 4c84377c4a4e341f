package dev.misdirect.core.check;

/**
 * An expectations file that cannot be used: its source, the line and column of the offending node and why.
 * The message reads {@code SOURCE:LINE:COLUMN: REASON}.
 */
public final class ExpectationsException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public ExpectationsException(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The file name (or "expectations") the text came from. */
    public String source() {
        return source;
    }

    /** 1-based line of the offending node. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending node. */
    public int column() {
        return column;
    }

    /** Why, naming the key or value at fault. */
    public String reason() {
        return reason;
    }
}
