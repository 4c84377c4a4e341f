package dev.misdirect.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes that never leave a half-written file behind: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating its folder; readers see the old content or the new,
     * never a mix. The file is readable and writable by its owner only on POSIX file systems (the temporary file
     * is created {@code rw-------} and renamed), like session files: reports and JUnit XML may name internal hosts. Blocks the calling thread; on failure the temporary file is removed and the old file kept.
     */
    public static void writeString(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
