package dev.misdirect.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Whole-file writes that never leave a half-written file behind: a temporary file beside it, then a rename. */
public final class AtomicFiles {
    private static final String OWNER_ONLY = "rw-------";

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating its folder; readers see the old content or the new,
     * never a mix. The file is readable and writable by its owner only on POSIX file systems (the temporary file
     * is created {@code rw-------} and renamed), like session files: reports and JUnit XML may name internal hosts.
     * When {@code file} is a symbolic link, the file it points to is written and the link kept. Blocks the calling
     * thread; on failure the temporary file is removed and the old file kept.
     */
    public static void writeString(Path file, String text) throws IOException {
        writeString(file, text, false);
    }

    /**
     * As {@link #writeString(Path, String)}; with {@code ownerOnly} the file is readable and writable by its owner
     * only (on POSIX file systems), from its first byte on.
     */
    public static void writeString(Path file, String text, boolean ownerOnly) throws IOException {
        Path target = followLinks(file.toAbsolutePath());
        Files.createDirectories(target.getParent());
        boolean posix = ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)))
                : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix && !OWNER_ONLY.equals(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(OWNER_ONLY));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist yet); the path itself when it is no link. */
    private static Path followLinks(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new IOException(path + ": too many levels of symbolic links");
            }
            p = p.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }
}
