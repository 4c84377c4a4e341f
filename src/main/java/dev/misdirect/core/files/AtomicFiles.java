package dev.misdirect.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file writes that never leave a half-written file behind: a temporary file beside it, then a rename. Every
 * file Misdirect writes whole (sessions, reports, exports, the lab's keys and certificates) goes through here.
 */
public final class AtomicFiles {
    /** Readable and writable by the owner only ({@code rw-------}). */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Writable by the owner, readable by everyone ({@code rw-r--r--}): for what is public, like a certificate. */
    public static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, readable and writable by its owner only on POSIX file systems,
     * like session files: reports and JUnit XML may name internal hosts. See
     * {@link #writeString(Path, String, Set)}.
     */
    public static void writeString(Path file, String text) throws IOException {
        writeString(file, text, OWNER_ONLY);
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating its folder; readers see the old content or the new,
     * never a mix. On POSIX file systems the file has {@code permissions} from its first byte on (the temporary
     * file is created with them and renamed); elsewhere the platform's defaults. When {@code file} is a symbolic
     * link, the file it points to is written and the link kept. Blocks the calling thread; on failure the
     * temporary file is removed and the old file kept.
     */
    public static void writeString(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        write(file, out -> {
            // strict: text that is not valid UTF-16 (an unpaired surrogate) fails the write instead of becoming '?'
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(text));
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }, permissions);
    }

    /** What a whole-file write puts in the file: written to {@code out}, which it need not close. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code content} streams to {@code file}, in the same way as {@link #writeString(Path, String, Set)}
     * (no copy of the whole text in memory first: a session document can be tens of megabytes).
     */
    public static void write(Path file, Content content, Set<PosixFilePermission> permissions) throws IOException {
        Path target = followLinks(file.toAbsolutePath());
        Files.createDirectories(target.getParent());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(permissions))
                : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            move(tmp, target);
            // the umask may have taken bits away from the temporary file
            if (posix && !permissions.equals(Files.getPosixFilePermissions(target))) {
                Files.setPosixFilePermissions(target, permissions);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Renames {@code from} to {@code to}, replacing it: atomically where the file system can (readers of {@code to}
     * see the old file or the new one), else by a plain replacing move. Blocks the calling thread.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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
