package dev.misdirect.core.model;

/**
 * A line of input that could not be loaded.
 *
 * @param line   1-based line number in the input
 * @param input  the line as given (control characters shown escaped)
 * @param reason why it was refused, naming the offending part
 */
public record LineProblem(int line, String input, String reason) {
    @Override
    public String toString() {
        return "line " + line + ": " + reason + " (" + input + ")";
    }
}
