package dev.misdirect.core.files;

import java.io.IOException;
import java.nio.file.Path;

/** A file held more than its kind of input may: reading stopped at the cap, before memory ran out. */
public final class InputTooLargeException extends IOException {
    private final long limit;

    public InputTooLargeException(Path file, long limit, String what) {
        super(file + ": too large (more than " + BoundedFiles.size(limit) + ", the most read for " + what + ")");
        this.limit = limit;
    }

    /** The cap in bytes. */
    public long limit() {
        return limit;
    }
}
