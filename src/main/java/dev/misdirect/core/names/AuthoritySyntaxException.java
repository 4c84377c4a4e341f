package dev.misdirect.core.names;

/**
 * An authority, host name, override or {@code --resolve} value that cannot be read. The message is the reason,
 * naming the offending part ("port 65536 is out of range 1-65535"); {@link #input()} is the text that was given.
 */
public final class AuthoritySyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String input;

    public AuthoritySyntaxException(String input, String reason) {
        super(AuthorityParser.shorten(reason, 300));
        this.input = AuthorityParser.shorten(input, 120);
    }

    /**
     * The text that was refused, with control characters shown as {@code \u0007}-style escapes; a long text is cut
     * to its first hundred or so characters and its length.
     */
    public String input() {
        return AuthorityParser.escapeControls(input);
    }

    /** Why it was refused. */
    public String reason() {
        return getMessage();
    }
}
