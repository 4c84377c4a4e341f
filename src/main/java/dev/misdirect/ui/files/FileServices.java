package dev.misdirect.ui.files;

import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.Progress;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The file side of the engine as the workbench sees it (imports, exports besides reports, autosave and crash
 * recovery, the recent-files list), as small interfaces over {@code core.model} records, wired in {@code ui.app}.
 * Every blocking method is called off the UI thread; failures are runtime exceptions whose message names the file
 * and the reason (with the position, when the file is at fault).
 *
 * @param importer  reads NetLog / HAR / session / curl files, servers' logs and pasted curl commands
 * @param exports   HAR, curl and PEM exports
 * @param autosave  autosave of the open session and recovery after a crash
 * @param files     tells whether a file still exists (the recent list drops those that do not)
 * @param analyzer  recomputes the derived views (SAN matrix, overlaps) of a session's probe results; pure
 */
public record FileServices(Importer importer, Exports exports, Autosaving autosave, FileCheck files,
                           Analyzer analyzer) {

    /** Imports captures. Blocking, cancellable. */
    public interface Importer {
        /** Detects what {@code file} is and imports it as a new session. */
        Imported importFile(Path file, Progress progress, Cancellation cancel);

        /**
         * As {@link #importFile(Path, Progress, Cancellation)}, except that a server's log (Apache, nginx, Caddy,
         * Envoy, Traefik) is joined to the latest run of {@code open} when it has one: the result is {@code open} with
         * the server's view beside the requests it matched.
         */
        default Imported importFile(Path file, Session open, Progress progress, Cancellation cancel) {
            return importFile(file, progress, cancel);
        }

        /** Imports a pasted curl command as a new session. */
        Imported fromCurl(String commandText);
    }

    /**
     * An import's result.
     *
     * @param session     the new session: the authorities, the capture as a replay run with its timeline, plan and
     *                    findings (what the file cannot tell included)
     * @param kind        what the file was, in words ("Chrome NetLog")
     * @param source      the file name, or "pasted curl command"
     * @param limitations one sentence per thing the file could not tell
     */
    public record Imported(Session session, String kind, String source, List<String> limitations) {
        public Imported {
            limitations = List.copyOf(limitations);
        }
    }

    /** Exports of parts of a session. Blocking file I/O; each write is atomic. */
    public interface Exports {
        /** The run as HAR 1.2 (with connection ids and server addresses). */
        void har(ReplayRun run, Path file, boolean includeSecrets);

        /** Each step of the run as a curl command, in a shell script. */
        void curl(ReplayRun run, Path file, boolean includeSecrets);

        /** Every certificate the session's probes saw, as PEM. */
        void pem(Session session, Path file);
    }

    /** Autosave of the open session and recovery of the one a crashed process left. Blocking file I/O. */
    public interface Autosaving {
        /** Starts autosaving for this process; the handle is closed on exit. */
        Handle start();

        /** The newest session a process that died without closing its autosave left behind, if any. */
        Optional<Recoverable> findRecoverable();

        /** Forgets a recoverable session (after it was restored or declined). */
        void discard(Recoverable recoverable);
    }

    /** A running autosave. {@link #changed} never blocks; {@link #close} writes a last time and blocks. */
    public interface Handle {
        void changed(Session session);

        void close();
    }

    /**
     * A session a crashed process autosaved.
     *
     * @param session the session as last autosaved
     * @param file    the autosave file
     * @param pid     the process that wrote it
     * @param savedAt when it was last written
     */
    public record Recoverable(Session session, Path file, long pid, Instant savedAt) {
    }

    /** Tells whether a file exists; a quick metadata look-up, allowed on the UI thread. */
    @FunctionalInterface
    public interface FileCheck {
        boolean exists(Path file);
    }

    /** Recomputes the SAN matrix and overlap groups of probe results. Pure, any thread. */
    @FunctionalInterface
    public interface Analyzer {
        Inspection analyse(List<ProbeResult> results);
    }
}
