package dev.misdirect.core.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads input files with a size cap, whatever the file claims to be: the cap counts the bytes actually read, so
 * {@code /dev/zero}, {@code /dev/urandom}, a FIFO or a file that grows while it is read stop at the cap with an
 * {@link InputTooLargeException} instead of filling the heap. Every input Misdirect reads goes through here.
 *
 * <p>Stateless and thread-safe; every method blocks on the file.
 */
public final class BoundedFiles {
    /** Authority lines ({@code -f}): far more than any real set of names. */
    public static final long AUTHORITY_FILE_BYTES = 8L * 1024 * 1024;
    /** A replay plan file, an expectations file. */
    public static final long TEXT_FILE_BYTES = 4L * 1024 * 1024;
    /** A PEM or PKCS#12 file of certificates or a key. */
    public static final long CREDENTIAL_FILE_BYTES = 4L * 1024 * 1024;
    /** A NetLog or HAR capture, read as a stream (memory follows what it holds, not its size). */
    public static final long CAPTURE_BYTES = 4L * 1024 * 1024 * 1024;

    private BoundedFiles() {
    }

    /**
     * The whole file, at most {@code maxBytes}.
     *
     * @param what names the kind of input in the message, e.g. "an authority file"
     * @throws InputTooLargeException when the file holds more than {@code maxBytes}
     * @throws IOException            when it cannot be read (NoSuchFileException for a missing one)
     */
    public static byte[] readBytes(Path file, long maxBytes, String what) throws IOException {
        if (maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is larger than an array");
        }
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw new InputTooLargeException(file, maxBytes, what); // refused before reading a byte
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new InputTooLargeException(file, maxBytes, what);
            }
            return bytes;
        }
    }

    /**
     * The whole file as UTF-8 text, at most {@code maxBytes}.
     *
     * @throws InputTooLargeException   as {@link #readBytes}
     * @throws CharacterCodingException when the bytes are not UTF-8
     */
    public static String readUtf8(Path file, long maxBytes, String what) throws IOException {
        byte[] bytes = readBytes(file, maxBytes, what);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * A stream over the file that fails with {@link InputTooLargeException} once more than {@code maxBytes} were
     * read from it. The caller closes it.
     */
    public static InputStream open(Path file, long maxBytes, String what) throws IOException {
        return new CappedStream(Files.newInputStream(file), file, maxBytes, what);
    }

    /** "64 MiB", "512 KiB", "100 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + " GiB";
        }
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return String.format(Locale.ROOT, "%d bytes", bytes);
    }

    private static final class CappedStream extends FilterInputStream {
        private final Path file;
        private final long max;
        private final String what;
        private long count;

        CappedStream(InputStream in, Path file, long max, String what) {
            super(in);
            this.file = file;
            this.max = max;
            this.what = what;
        }

        private void counted(long n) throws InputTooLargeException {
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new InputTooLargeException(file, max, what);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            counted(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }
    }
}
