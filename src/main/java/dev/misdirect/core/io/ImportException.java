package dev.misdirect.core.io;

import java.io.IOException;
import java.util.Optional;

/**
 * A file cannot be imported. The message names the file, where reading stopped (byte offset, or line:column
 * for text) and why, so it can be shown as it is.
 */
public final class ImportException extends IOException {
    private final long byteOffset;

    /** @param byteOffset where the problem was found, -1 when the whole file is at fault */
    public ImportException(String message, long byteOffset) {
        super(message);
        this.byteOffset = byteOffset;
    }

    public ImportException(String message, long byteOffset, Throwable cause) {
        super(message, cause);
        this.byteOffset = byteOffset;
    }

    /** The byte offset the message names, when it names one. */
    public Optional<Long> byteOffset() {
        return byteOffset < 0 ? Optional.empty() : Optional.of(byteOffset);
    }
}
