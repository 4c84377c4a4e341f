package dev.misdirect.ui.files;

import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices.ReportExporter;
import dev.misdirect.ui.common.WorkbenchServices.SessionStore;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The File side of the workbench: new / open / save / save as, the recent list, export (reports, HAR, curl, PEM),
 * import of captures and pasted curl commands, autosave of the open session and the offer to recover the session
 * of a crashed process. Opening or importing a bad file explains why in a dialog and leaves the open session as it
 * was. Tracks the session's file and whether it has unsaved changes ({@link WorkbenchViewModel#unsavedProperty()},
 * shown as a • in the window title). UI thread only; file work runs through the {@link TaskRunner}.
 */
public final class FilesViewModel {
    private static final String UNTITLED = "Untitled";
    private static final DateTimeFormatter SAVED_AT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final WorkbenchViewModel workbench;
    private final Optional<SessionStore> sessions;
    private final Optional<ReportExporter> reports;
    private final FileServices files;
    private final TaskRunner runner;
    private final DialogService dialogs;
    private final ReadOnlyObjectWrapper<Optional<Path>> file = new ReadOnlyObjectWrapper<>(this, "file", Optional.empty());
    private final ReadOnlyObjectWrapper<Path> exportedReport = new ReadOnlyObjectWrapper<>(this, "exportedReport");
    private Runnable onImported = () -> { };
    private volatile Optional<FileServices.Handle> autosave = Optional.empty();
    private boolean loading;
    private long revision;

    /**
     * @param workbench the window's view-model (the session as it stands, the screens, the recent list)
     * @param sessions  reads and writes session documents, when this build has them
     * @param reports   writes reports, when this build has them
     * @param files     imports, exports, autosave and recovery
     * @param dialogs   error messages and the recovery question
     */
    public FilesViewModel(WorkbenchViewModel workbench, Optional<SessionStore> sessions, Optional<ReportExporter> reports,
                          FileServices files, DialogService dialogs) {
        this.workbench = workbench;
        this.sessions = sessions;
        this.reports = reports;
        this.files = files;
        this.runner = workbench.runner();
        this.dialogs = dialogs;
        InvalidationListener edited = o -> changed();
        workbench.sessionTitleProperty().addListener(edited);
        workbench.authorities().rows().addListener(edited);
        workbench.inspect().inspectionProperty().addListener(edited);
        workbench.replayScreen().timelineProperty().addListener(edited);
        workbench.coalescing().verifications().addListener(edited);
        workbench.setMayReplace(this::mayReplace);
    }

    private void changed() {
        if (!loading) {
            revision++;
            workbench.unsavedProperty().set(true);
        }
        autosave.ifPresent(a -> a.changed(workbench.session()));
    }

    /** Shows {@code s} on every screen without counting it as an edit. */
    private void load(Session s, Optional<Path> from, boolean unsaved, SessionTarget target) {
        loading = true;
        try {
            workbench.show(s, files.analyzer().analyse(s.probes()), target);
            workbench.inspect().showVantages(s.vantages(), files.analyzer()::analyse);
            if (s.title().isBlank()) {
                workbench.sessionTitleProperty().set(from.map(FilesViewModel::stem).orElse(UNTITLED));
            }
        } finally {
            loading = false;
        }
        file.set(from);
        revision++;
        workbench.unsavedProperty().set(unsaved);
        autosave.ifPresent(a -> a.changed(workbench.session()));
    }

    /**
     * Asks before unsaved changes would be replaced; true to go on. A lab session as its scenario made it is replaced
     * without asking: loading the scenario again gives it back.
     */
    private boolean mayReplace() {
        return !workbench.unsavedProperty().get() || workbench.remakeable()
                || dialogs.confirm("Unsaved changes", "The session \u201c" + workbench.sessionTitleProperty().get()
                + "\u201d has unsaved changes. Replace it anyway?");
    }

    /** Starts an empty session (after asking when the open one has unsaved changes). */
    public boolean newSession() {
        if (!mayReplace()) {
            return false;
        }
        loading = true;
        try {
            workbench.newSession();
        } finally {
            loading = false;
        }
        file.set(Optional.empty());
        workbench.unsavedProperty().set(false);
        autosave.ifPresent(a -> a.changed(workbench.session()));
        return true;
    }

    /**
     * Opens a session file off the UI thread. A file that cannot be read (corrupt, truncated, of a newer format,
     * missing) is explained in a dialog with the reason and position; the open session stays as it was.
     *
     * @return false when sessions are not part of this build, something else runs, or the user kept the open session
     */
    public boolean open(Path path) {
        if (sessions.isEmpty() || !mayReplace()) {
            return false;
        }
        SessionStore store = sessions.get();
        return runner.start("Opening " + path.getFileName(), (p, c) -> store.load(path), s -> {
            load(s, Optional.of(path), false, SessionTarget.of(s.labScenario()));
            workbench.remember(path);
        }, failure -> {
            if (!files.files().exists(path)) {
                workbench.recent().remove(path);
            }
            dialogs.showError("Cannot open " + path.getFileName(), failure.message());
        });
    }

    /** Whether Save can write without asking where (the session has a file). */
    public boolean hasFile() {
        return file.get().isPresent();
    }

    /** Saves to the session's file; false when it has none yet (then use {@link #saveAs}) or cannot start. */
    public boolean save() {
        return file.get().map(this::saveAs).orElse(false);
    }

    /** Saves the session to {@code path} (owner-only, atomic) and makes it the session's file. */
    public boolean saveAs(Path path) {
        if (sessions.isEmpty() || runner.runningProperty().get()) {
            return false;
        }
        String title = workbench.sessionTitleProperty().get();
        if (title.isBlank() || title.equals(UNTITLED)) {
            workbench.sessionTitleProperty().set(stem(path));
        }
        SessionStore store = sessions.get();
        Session snapshot = workbench.session();
        long savedRevision = revision;
        return runner.start("Saving " + path.getFileName(), (p, c) -> {
            store.save(snapshot, path);
            return path;
        }, saved -> {
            file.set(Optional.of(saved));
            workbench.remember(saved);
            workbench.unsavedProperty().set(revision != savedRevision);
        }, failure -> dialogs.showError("Cannot save " + path.getFileName(), failure.message()));
    }

    /** Why {@code kind} cannot be exported now, or empty when it can. */
    public Optional<String> unavailable(ExportKind kind) {
        return switch (kind) {
            case REPORT_HTML, REPORT_MARKDOWN, REPORT_JSON -> reports.isPresent() ? Optional.empty()
                    : Optional.of("Reports are not part of this build.");
            case HAR, CURL -> workbench.replayScreen().lastRun().isPresent() ? Optional.empty()
                    : Optional.of("There is no replay run yet: run a replay or import a capture first.");
            case PEM -> workbench.session().probes().stream().anyMatch(r -> r.handshakes().stream()
                    .anyMatch(h -> h.leaf().isPresent())) ? Optional.empty()
                    : Optional.of("No certificates yet: probe the authorities first.");
        };
    }

    /** A file name for an export of {@code kind} ("tenants-wildcard.html"). */
    public String suggestedName(ExportKind kind) {
        String base = file.get().map(FilesViewModel::stem).orElse(workbench.sessionTitleProperty().get())
                .replaceAll("[^\\p{Alnum}._-]+", "-").replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "misdirect" : base) + "." + kind.extension();
    }

    /**
     * Exports off the UI thread. Reports, HAR and curl commands have credentials redacted unless
     * {@code includeSecrets}.
     *
     * @return false when {@code kind} is {@link #unavailable} or something else runs
     */
    public boolean export(ExportKind kind, Path path, boolean includeSecrets) {
        if (unavailable(kind).isPresent()) {
            return false;
        }
        Session snapshot = workbench.session();
        Optional<ReplayRun> run = workbench.replayScreen().lastRun();
        String what = switch (kind) {
            case REPORT_HTML, REPORT_MARKDOWN, REPORT_JSON -> kind.reportFormat().name().toLowerCase(Locale.ROOT) + " report";
            case HAR -> "HAR";
            case CURL -> "curl commands";
            case PEM -> "certificates";
        };
        return runner.start("Exporting " + what + " to " + path.getFileName(), (p, c) -> {
            switch (kind) {
                case REPORT_HTML, REPORT_MARKDOWN, REPORT_JSON ->
                        reports.orElseThrow().export(snapshot, kind.reportFormat(), path, includeSecrets);
                case HAR -> files.exports().har(run.orElseThrow(), path, includeSecrets);
                case CURL -> files.exports().curl(run.orElseThrow(), path, includeSecrets);
                case PEM -> files.exports().pem(snapshot, path);
            }
            return path;
        }, done -> {
            runner.say("Exported " + what + " to " + done
                    + (includeSecrets && kind.mayHoldSecrets() ? " (with secrets: do not share it)" : ""));
            if (kind.isReport()) {
                exportedReport.set(null); // a second export of the same file is news too
                exportedReport.set(done);
            }
        },
                failure -> dialogs.showError("Cannot export " + what, failure.message()));
    }

    /** The report file the last export wrote, once it is written ({@code null} before): the view offers to open it. */
    public ReadOnlyObjectProperty<Path> exportedReportProperty() {
        return exportedReport.getReadOnlyProperty();
    }

    /**
     * Imports a capture (Chrome NetLog, HAR, session, curl command file) off the UI thread, with progress and
     * cancel. The result becomes the session: its authorities, the capture's timeline on the Replay screen, its
     * plan (replayable under any policy) and findings, what the file cannot tell included. A server's log is joined
     * to the open session's latest run when there is one, so each request it matched shows the server's view. A bad
     * file is explained in a dialog; the open session stays as it was.
     */
    public boolean importFile(Path path) {
        if (!mayReplace()) {
            return false;
        }
        Session open = workbench.session();
        return runner.start("Importing " + path.getFileName(),
                (progress, cancel) -> files.importer().importFile(path, open, progress, cancel),
                this::imported,
                failure -> dialogs.showError("Cannot import " + path.getFileName(), failure.message()));
    }

    /** Imports a pasted curl command (as DevTools "Copy as cURL" gives it) as a new session. */
    public boolean pasteCurl(String command) {
        if (command.isBlank()) {
            dialogs.showError("Cannot import the curl command", "The pasted text is empty.");
            return false;
        }
        if (!mayReplace()) {
            return false;
        }
        return runner.start("Importing the pasted curl command", (p, c) -> files.importer().fromCurl(command),
                this::imported, failure -> dialogs.showError("Cannot import the curl command", failure.message()));
    }

    private void imported(FileServices.Imported result) {
        load(result.session(), Optional.empty(), true, SessionTarget.imported(result.kind() + " " + result.source()));
        int n = result.limitations().size();
        int answered = workbench.coalescing().offered().size();
        runner.say("Imported " + result.kind() + " " + result.source()
                + (n == 0 ? "" : " · " + n + (n == 1 ? " thing" : " things") + " it cannot tell (see Findings)")
                + (answered == 0 ? "" : " · " + answered + (answered == 1 ? " coalesced pair was" : " coalesced pairs were")
                + " answered: verify on Coalescing"));
        onImported.run();
    }

    /** Called after a successful import (the view shows the Replay screen). */
    public void setOnImported(Runnable action) {
        onImported = action;
    }

    /** Fills the recent list from its saved form, leaving out files that no longer exist. */
    public void restoreRecent(List<Path> saved) {
        for (int i = saved.size() - 1; i >= 0; i--) {
            if (files.files().exists(saved.get(i))) {
                workbench.remember(saved.get(i));
            }
        }
    }

    /**
     * At start: when a process that died left an autosaved session, asks whether to restore it (Restore / Discard).
     * Restored, it becomes the open session with unsaved changes; either way the old autosave is then forgotten.
     * Reads the app's own small autosave files on the calling thread.
     *
     * @return true when a session was restored (the default start is skipped)
     */
    public boolean recoverAtStart() {
        return offerRecovery(files.autosave().findRecoverable());
    }

    /**
     * {@link #recoverAtStart()} with the autosave search already done (on a worker thread): asks about {@code found}
     * when there is one. UI thread.
     *
     * @return true when a session was restored (the default start is skipped)
     */
    public boolean offerRecovery(Optional<FileServices.Recoverable> found) {
        if (found.isEmpty()) {
            return false;
        }
        FileServices.Recoverable r = found.get();
        Session s = r.session();
        int runs = s.replays().size();
        boolean restore = dialogs.ask("Recover session",
                "Misdirect did not exit cleanly last time. The session \u201c" + s.title() + "\u201d ("
                        + s.authoritySet().authorities().size() + " authorities, " + runs + (runs == 1 ? " replay run" : " replay runs")
                        + ") was autosaved at " + SAVED_AT.format(r.savedAt()) + ".\n\nRestore it?", "Restore", "Discard");
        if (restore) {
            load(s, Optional.empty(), true, SessionTarget.of(s.labScenario()));
            runner.say("Restored the session autosaved at " + SAVED_AT.format(r.savedAt()));
        }
        files.autosave().discard(r);
        return restore;
    }

    /** Starts autosaving the open session (every few seconds when it changed, and at {@link #close()}). */
    public void startAutosave() {
        if (autosave.isEmpty()) {
            FileServices.Handle h = files.autosave().start();
            autosave = Optional.of(h);
            h.changed(workbench.session());
        }
    }

    /** On exit: writes the autosave a last time and marks the exit as clean. Blocks on the file. */
    public void close() {
        autosave.ifPresent(a -> {
            a.changed(workbench.session());
            a.close();
        });
        autosave = Optional.empty();
    }

    /**
     * What the JVM's shutdown should run when the window could not close normally (the process was asked to
     * terminate): closes the autosave with the last state it was handed, from any thread, without touching the
     * screens. Does nothing after {@link #close()}.
     */
    public Runnable closeOnShutdown() {
        return () -> {
            Optional<FileServices.Handle> running = autosave;
            running.ifPresent(FileServices.Handle::close);
        };
    }

    /** The file the session was opened from or last saved to, when any. */
    public ReadOnlyObjectProperty<Optional<Path>> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public WorkbenchViewModel workbench() {
        return workbench;
    }

    /** Whether opening and saving sessions is part of this build. */
    public boolean canOpenAndSave() {
        return sessions.isPresent();
    }

    private static String stem(Path p) {
        String name = String.valueOf(p.getFileName());
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".session.json", ".json")) {
            if (lower.endsWith(ext) && name.length() > ext.length()) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}
