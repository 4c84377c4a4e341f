package dev.misdirect.cli;

import dev.misdirect.core.io.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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

    /**
     * This writer as a UTF-8 byte stream, for what writes to {@code System.err} directly (the log): bytes are held
     * until a line ends (so no character is cut in two) or the stream is flushed.
     */
    OutputStream asOutputStream() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                pending.write(b);
                if (b == '\n') {
                    flushPending();
                }
            }

            @Override
            public synchronized void flush() throws IOException {
                flushPending();
                RedactingWriter.this.flush();
            }

            /** Passes on every whole character held; the first bytes of a character cut by the writer wait. */
            private void flushPending() throws IOException {
                byte[] bytes = pending.toByteArray();
                int whole = wholeCharacters(bytes);
                if (whole > 0) {
                    RedactingWriter.this.write(new String(bytes, 0, whole, StandardCharsets.UTF_8));
                    pending.reset();
                    pending.write(bytes, whole, bytes.length - whole);
                }
            }
        };
    }

    /** How many of {@code bytes} make whole UTF-8 characters: all but a cut multi-byte sequence at the end. */
    static int wholeCharacters(byte[] bytes) {
        int n = bytes.length;
        for (int i = n - 1; i >= Math.max(0, n - 3); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return n;
            }
            if (b >= 0xC0) { // the lead byte of the last character: is the character whole?
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return n - i >= length ? n : i;
            }
        }
        return n;
    }

    private void emit() throws IOException {
        if (line.length() > 0) {
            out.write(redactor.text(line.toString()));
            line.setLength(0);
        }
    }
}
