package dev.misdirect.cli;

import dev.misdirect.core.io.Redactor;

import java.io.IOException;
import java.io.Writer;

/**
 * What every command prints, stdout and stderr alike: each line passes through {@link Redactor#secrets()} before it
 * reaches the terminal or pipe, whichever printer made it (text, {@code --json}, {@code --curl}, help, messages).
 * {@link #keepSecrets()} (the command was given {@code --no-redact}) is the only way around it.
 *
 * <p>Lines are held until their end (or a flush), so a secret is never split between two redactions. Thread-safe:
 * every method locks this writer.
 */
final class RedactingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();
    private Redactor redactor = Redactor.secrets();

    RedactingWriter(Writer out) {
        this.out = out;
    }

    /** From now on, print everything as it is (the user asked to include secrets). */
    synchronized void keepSecrets() {
        redactor = Redactor.none();
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (chars[i] == '\n') {
                line.append(chars, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.append(chars, start, end - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        out.close();
    }

    private void emit() throws IOException {
        if (line.length() > 0) {
            out.write(redactor.text(line.toString()));
            line.setLength(0);
        }
    }
}
