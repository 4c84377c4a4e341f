package dev.misdirect.core.io;

import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.model.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The running autosave of one process, from {@link SessionStore#startAutosave}. Hand it every new session value
 * with {@link #changed(Session)}; it is written atomically at the next tick when it differs from the last one
 * written. {@link #close()} on exit writes a last time and clears the crash marker.
 *
 * <p>Thread-safe: {@link #changed} never blocks (it only remembers the value); writes happen on the scheduler's
 * thread or in {@link #flush()}/{@link #close()} on the caller's. A failed timed write is logged and retried at
 * the next tick; {@link #lastError()} tells the UI.
 */
public final class Autosave implements AutoCloseable {
    /** How often the workbench autosaves a changed session. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** The logger, looked up when something is logged (SLF4J's start is not on the way to the workbench's window). */
    private static Logger log() {
        return LoggerFactory.getLogger(Autosave.class);
    }

    private final SessionCodec codec;
    private final Path file;
    private final Path lock;
    private final Path lastExit;
    private final ScheduledFuture<?> task;
    private final Object writeLock = new Object();
    private volatile Session latest;
    private Session written;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile boolean closed;

    Autosave(SessionCodec codec, Path file, Path lock, Path lastExit, ScheduledExecutorService scheduler,
             Duration interval) {
        this.codec = codec;
        this.file = file;
        this.lock = lock;
        this.lastExit = lastExit;
        long ms = Math.max(10, interval.toMillis());
        this.task = scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Remembers {@code session} as the current state, to be written at the next tick. Never blocks. */
    public void changed(Session session) {
        if (!closed) {
            latest = session;
        }
    }

    /** Writes the current state now if it changed since the last write; blocks on the file. */
    public void flush() throws IOException {
        synchronized (writeLock) {
            Session s = latest;
            if (s == null || s.equals(written)) {
                return;
            }
            codec.write(s, file); // the codec redacts unless the user opted to keep secrets
            written = s;
            lastError = Optional.empty();
        }
    }

    /** The autosave file of this process. */
    public Path file() {
        return file;
    }

    /** Why the last timed write failed, when it did. */
    public Optional<String> lastError() {
        return lastError;
    }

    private void tick() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            lastError = Optional.of("autosave to " + file + " failed: " + e.getMessage());
            log().warn("autosave to {} failed: {}", file, e.toString());
        }
    }

    /**
     * The clean exit: stops the timer, writes the final state, keeps it as {@code last-exit.session.json} and
     * removes the crash marker, so nothing is offered for recovery on the next start.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        task.cancel(false);
        flush();
        closed = true;
        synchronized (writeLock) {
            if (Files.exists(file)) {
                AtomicFiles.move(file, lastExit);
            }
            Files.deleteIfExists(lock);
        }
    }
}
