package dev.misdirect.core.io;

import dev.misdirect.core.model.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Saves and opens session files, autosaves the open session into the app data directory, and finds the session a
 * crashed process left behind.
 *
 * <p>Layout of the app data directory ({@link #defaultHome()}): {@code autosave/<pid>.session.json} is the
 * autosave of the running process {@code pid}, {@code autosave/<pid>.lock} its marker (pid and process start
 * time), removed on a clean exit, when the autosave is moved to {@code autosave/last-exit.session.json}. An
 * autosave whose marker names a process that is no longer running is recoverable.
 *
 * <p>Thread-safe. Every method blocks on file I/O; failures are {@link IOException}s naming the file
 * ({@link SessionFormatException} for unreadable documents).
 */
public final class SessionStore {
    static final String AUTOSAVE_DIR = "autosave";
    static final String SESSION_SUFFIX = ".session.json";
    static final String LOCK_SUFFIX = ".lock";
    static final String LAST_EXIT = "last-exit" + SESSION_SUFFIX;

    private final Path home;
    private final SessionCodec codec;
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param home  the app data directory (created when first written)
     * @param codec the session document codec
     */
    public SessionStore(Path home, SessionCodec codec) {
        this.home = Objects.requireNonNull(home, "home").toAbsolutePath();
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The app data directory: the {@code misdirect.home} system property when set, else {@code ~/.misdirect}. */
    public static Path defaultHome() {
        String prop = System.getProperty("misdirect.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".misdirect");
    }

    public Path home() {
        return home;
    }

    /** The directory autosaves and their markers live in. */
    public Path autosaveDirectory() {
        return home.resolve(AUTOSAVE_DIR);
    }

    /**
     * Saves {@code session} to {@code file} atomically and owner-only. Unless {@code keepSecrets}, credentials
     * (Authorization, Cookie, tokens in URLs, ...) are removed first ({@link Redactor#secrets()}).
     */
    public void save(Session session, Path file, boolean keepSecrets) throws IOException {
        codec.using(Redactor.of(!keepSecrets)).write(session, file);
    }

    /** Opens a session file; a newer format version, an empty, truncated, corrupt or huge file is refused. */
    public Session open(Path file) throws IOException {
        return codec.read(file);
    }

    /**
     * Starts autosaving for this process: writes the marker now, then writes the latest session passed to
     * {@link Autosave#changed(Session)} every {@code interval} on {@code scheduler} when it changed. Close the
     * returned handle on exit (it writes a last time and removes the marker).
     *
     * @param keepSecrets keep credentials in the autosave (the user opted in); otherwise they are removed
     * @throws IOException when the marker cannot be written
     */
    public Autosave startAutosave(ScheduledExecutorService scheduler, Duration interval, boolean keepSecrets)
            throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Path dir = autosaveDirectory();
        Files.createDirectories(dir);
        Path lock = dir.resolve(self.pid() + LOCK_SUFFIX);
        Files.writeString(lock, self.pid() + "\n" + startOf(self).map(Instant::toString).orElse("unknown") + "\n",
                StandardCharsets.UTF_8);
        return new Autosave(codec.using(Redactor.of(!keepSecrets)), dir.resolve(self.pid() + SESSION_SUFFIX), lock,
                dir.resolve(LAST_EXIT), scheduler, interval);
    }

    /**
     * The most recent autosave left by a process that did not exit cleanly (its marker remains and the process
     * is gone), if any, for the workbench to offer on start. Markers of crashed processes that never saved are
     * removed; unreadable autosaves are skipped and listed by {@link #problems()} rather than thrown.
     */
    public Optional<RecoverableSession> findRecoverable() throws IOException {
        return recoverable().stream().max(Comparator.comparing(RecoverableSession::savedAt));
    }

    /** Every recoverable autosave, newest first. */
    public List<RecoverableSession> recoverable() throws IOException {
        Path dir = autosaveDirectory();
        List<RecoverableSession> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, "*" + LOCK_SUFFIX)) {
            for (Path lock : locks) {
                String name = lock.getFileName().toString();
                long pid;
                try {
                    pid = Long.parseLong(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (stillRunning(pid, lock)) {
                    continue;
                }
                Path file = dir.resolve(pid + SESSION_SUFFIX);
                if (!Files.exists(file)) {
                    Files.deleteIfExists(lock); // crashed before its first autosave: nothing to offer
                    continue;
                }
                try {
                    found.add(new RecoverableSession(codec.read(file), file, pid,
                            Files.getLastModifiedTime(file).toInstant()));
                } catch (SessionFormatException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        found.sort(Comparator.comparing(RecoverableSession::savedAt).reversed());
        return found;
    }

    /** Autosaves that could not be read by {@link #recoverable()}, with the reason. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Forgets a recoverable session: deletes its autosave and marker (after the user recovered or declined it). */
    public void discard(RecoverableSession r) throws IOException {
        Files.deleteIfExists(r.file());
        Files.deleteIfExists(autosaveDirectory().resolve(r.pid() + LOCK_SUFFIX));
    }

    private static boolean stillRunning(long pid, Path lock) throws IOException {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        // a reused pid belongs to another process: compare start times when both are known
        List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
        Optional<Instant> recorded = lines.size() > 1 && !"unknown".equals(lines.get(1).trim())
                ? Optional.of(Instant.parse(lines.get(1).trim())) : Optional.empty();
        Optional<Instant> actual = startOf(ph.get());
        return recorded.isEmpty() || actual.isEmpty() || recorded.get().equals(actual.get());
    }

    private static Optional<Instant> startOf(ProcessHandle ph) {
        return ph.info().startInstant();
    }

    /**
     * A session a crashed process autosaved.
     *
     * @param session the session as last autosaved
     * @param file    the autosave file
     * @param pid     the process that wrote it
     * @param savedAt when it was last written
     */
    public record RecoverableSession(Session session, Path file, long pid, Instant savedAt) {
    }
}
