package dev.misdirect.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Everything the command line prints passes through here, so no text read from a file or a server (a host name in
 * a capture, a reason a server gave) can move the cursor, ring the bell, retitle the window or reorder the text on a
 * terminal: C0 control characters other than newline and tab, DEL, C1 controls and the Unicode bidirectional
 * overrides are written as {@code \u001B}-style escapes. JSON stays valid and means the same: those characters
 * only occur inside JSON strings, where the escape is the same character.
 */
final class TerminalSafeWriter extends FilterWriter {
    TerminalSafeWriter(Writer out) {
        super(out);
    }

    /** True for a character that must not reach a terminal as it is. */
    static boolean unsafe(int c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /** {@code text} with every {@linkplain #unsafe unsafe} character escaped. */
    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    @Override
    public void write(int c) throws IOException {
        if (unsafe(c)) {
            out.write(escape(String.valueOf((char) c)));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        write(new String(buf, off, len), 0, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        out.write(escape(str.substring(off, off + len)));
    }
}
