package dev.misdirect.ui.app;

import com.google.common.base.Suppliers;
import dev.misdirect.Version;
import dev.misdirect.core.session.LabDiagrams;
import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.io.Autosave;
import dev.misdirect.core.io.CurlExporter;
import dev.misdirect.core.io.HarExporter;
import dev.misdirect.core.io.ImportKind;
import dev.misdirect.core.io.ImportMonitor;
import dev.misdirect.core.io.ImportResult;
import dev.misdirect.core.io.ServerLog;
import dev.misdirect.core.io.ServerLogJoin;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.io.PemExporter;
import dev.misdirect.core.io.PlanSteps;
import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.io.SessionStore;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.report.ReportEnvironment;
import dev.misdirect.core.report.Reports;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.OffFxThread;
import dev.misdirect.ui.common.Progress;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.files.FileServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Wires the file side of the engine ({@code core.io} sessions, autosave, imports and exports, {@code core.report})
 * behind the workbench's service interfaces. Failures become {@link UncheckedIOException}s whose message is the
 * engine's own (naming the file, the reason and the position).
 */
public final class FileWiring {
    /** Made on first use (a worker's): the JSON codec is not needed for the first window. */
    private final Supplier<SessionStore> store;
    private final ScheduledExecutorService autosaveTimer;
    private final Duration autosaveInterval;
    private final Clock clock;
    private final BooleanSupplier onUiThread;
    private final Supplier<Importers> importers = Suppliers.memoize(Importers::new);

    /**
     * @param home             the app data directory (autosaves live under it)
     * @param autosaveTimer    runs the timed autosave writes
     * @param autosaveInterval how often a changed session is autosaved
     * @param clock            wall clock (report environment, import time)
     * @param onUiThread       tells whether the caller is on the UI thread: the blocking services refuse to run there
     */
    public FileWiring(Path home, ScheduledExecutorService autosaveTimer, Duration autosaveInterval, Clock clock,
                      BooleanSupplier onUiThread) {
        this.store = Suppliers.memoize(() -> new SessionStore(home, new SessionCodec()));
        this.autosaveTimer = autosaveTimer;
        this.autosaveInterval = autosaveInterval;
        this.clock = clock;
        this.onUiThread = onUiThread;
    }

    /** {@code base} with sessions and reports wired in. */
    public WorkbenchServices complete(WorkbenchServices base) {
        return new WorkbenchServices(base.parser(), base.inspection(), base.prediction(), base.replay(),
                Optional.of(guard(WorkbenchServices.SessionStore.class, sessionStore())),
                Optional.of(guard(WorkbenchServices.ReportExporter.class, reportExporter())), base.lab(), base.fix(),
                base.verify());
    }

    /** Session files: owner-only, atomic writes; credentials are not stored. */
    public WorkbenchServices.SessionStore sessionStore() {
        return new WorkbenchServices.SessionStore() {
            @Override
            public Session load(Path file) {
                try {
                    return store.get().open(file);
                } catch (IOException e) {
                    throw unchecked(file, e);
                }
            }

            @Override
            public void save(Session session, Path file) {
                try {
                    store.get().save(session, file, false);
                } catch (IOException e) {
                    throw unchecked(file, e);
                }
            }
        };
    }

    /** Reports through {@link Reports}, with the lab scenario's diagram when the session came from the lab. */
    public WorkbenchServices.ReportExporter reportExporter() {
        return (session, format, file, includeSecrets) -> {
            String text = new Reports(Analysis::analyse, new SessionCodec()).render(session, format, !includeSecrets,
                    LabDiagrams.diagram(session), ReportEnvironment.current(Version.get(), clock.instant()));
            writeAtomically(file, text);
        };
    }

    /** Imports, exports, autosave and recovery. */
    public FileServices fileServices() {
        return new FileServices(guard(FileServices.Importer.class, importer()),
                guard(FileServices.Exports.class, exports()), autosaving(), Files::exists, Analysis::analyse);
    }

    private <S> S guard(Class<S> type, S service) {
        return OffFxThread.guard(type, service, onUiThread);
    }

    private FileServices.Importer importer() {
        return new FileServices.Importer() {
            @Override
            public FileServices.Imported importFile(Path file, Progress progress, Cancellation cancel) {
                ImportMonitor monitor = new ImportMonitor() {
                    @Override
                    public void progress(long read, long total) {
                        progress.report((int) (read >> 10), total > 0 ? (int) (total >> 10) : 0,
                                "Reading " + file.getFileName() + ": " + mib(read) + (total > 0 ? " of " + mib(total) : ""));
                    }

                    @Override
                    public boolean cancelled() {
                        return cancel.isCancelled();
                    }
                };
                try {
                    if (importers.get().detect(file) == ImportKind.SESSION) {
                        // a whole session document, probes and every run included, not just its latest run
                        return new FileServices.Imported(store.get().open(file), ImportKind.SESSION.label(),
                                String.valueOf(file.getFileName()), java.util.List.of());
                    }
                    return imported(importers.get().importFile(file, monitor));
                } catch (IOException e) {
                    throw unchecked(file, e);
                }
            }

            @Override
            public FileServices.Imported importFile(Path file, Session open, Progress progress, Cancellation cancel) {
                try {
                    if (open.replays().isEmpty() || !importers.get().detect(file).serverLog()) {
                        return importFile(file, progress, cancel);
                    }
                    ServerLog log = importers.get().serverLog(file);
                    ServerLogJoin.Joined joined = ServerLogJoin.join(open.replays().get(open.replays().size() - 1), log);
                    return new FileServices.Imported(open.withLatestReplay(joined.run()), log.kind().label(),
                            log.source() + " (" + joined.matched() + " of " + log.entries().size()
                                    + " lines joined to the requests)", joined.unmatched());
                } catch (IOException e) {
                    throw unchecked(file, e);
                }
            }

            @Override
            public FileServices.Imported fromCurl(String commandText) {
                try {
                    return imported(Importers.fromCurl("pasted curl command", commandText));
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
        };
    }

    private FileServices.Imported imported(ImportResult r) {
        Session s = r.toSession("Import of " + r.source(), clock.instant());
        return new FileServices.Imported(s, r.kind().label(), r.source(), r.limitations());
    }

    private FileServices.Exports exports() {
        return new FileServices.Exports() {
            @Override
            public void har(ReplayRun run, Path file, boolean includeSecrets) {
                try {
                    HarExporter.write(run, PlanSteps.headers(run), Redactor.of(!includeSecrets), Version.get(), file);
                } catch (IOException e) {
                    throw unchecked(file, e);
                }
            }

            @Override
            public void curl(ReplayRun run, Path file, boolean includeSecrets) {
                writeAtomically(file, CurlExporter.script(run, Optional.empty(), PlanSteps.headers(run),
                        Redactor.of(!includeSecrets)));
            }

            @Override
            public void pem(Session session, Path file) {
                writeAtomically(file, PemExporter.all(session));
            }
        };
    }

    private FileServices.Autosaving autosaving() {
        return new FileServices.Autosaving() {
            @Override
            public FileServices.Handle start() {
                Autosave a;
                try {
                    a = store.get().startAutosave(autosaveTimer, autosaveInterval, false);
                } catch (IOException e) {
                    throw unchecked(store.get().autosaveDirectory(), e);
                }
                return new FileServices.Handle() {
                    @Override
                    public void changed(Session session) {
                        a.changed(session);
                    }

                    @Override
                    public void close() {
                        try {
                            a.close();
                        } catch (IOException e) {
                            throw unchecked(a.file(), e);
                        }
                    }
                };
            }

            @Override
            public Optional<FileServices.Recoverable> findRecoverable() {
                try {
                    return store.get().findRecoverable().map(r -> new FileServices.Recoverable(r.session(), r.file(), r.pid(),
                            r.savedAt()));
                } catch (IOException e) {
                    throw unchecked(store.get().autosaveDirectory(), e);
                }
            }

            @Override
            public void discard(FileServices.Recoverable r) {
                try {
                    store.get().discard(new SessionStore.RecoverableSession(r.session(), r.file(), r.pid(), r.savedAt()));
                } catch (IOException e) {
                    throw unchecked(r.file(), e);
                }
            }
        };
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static UncheckedIOException unchecked(Path file, IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        // engine messages name the file already; plain I/O errors often only give the path or nothing
        String named = msg.contains(String.valueOf(file.getFileName())) ? msg
                : file + ": " + (msg.isBlank() ? e.getClass().getSimpleName() : msg);
        return new UncheckedIOException(named, e);
    }

    private static void writeAtomically(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw unchecked(file, e);
        }
    }
}
