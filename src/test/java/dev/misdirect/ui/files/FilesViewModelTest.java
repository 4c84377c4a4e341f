package dev.misdirect.ui.files;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.Cancellation;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.Progress;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import dev.misdirect.ui.testing.FakeTime;
import dev.misdirect.ui.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

/** The File side of the window with fake services and synchronous executors: no toolkit, no files. */
class FilesViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ManualExecutor background = new ManualExecutor();
    private final FakeDialogs dialogs = new FakeDialogs();
    private final Map<Path, Session> disk = new HashMap<>();
    private final Set<Path> existing = new HashSet<>();
    private final List<String> written = new ArrayList<>();
    private final List<Session> autosaved = new ArrayList<>();
    private final List<String> autosaveCalls = new ArrayList<>();
    private final List<FileServices.Recoverable> discarded = new ArrayList<>();
    private Optional<FileServices.Recoverable> recoverable = Optional.empty();
    private FileServices.Imported nextImport;
    private RuntimeException importFailure;

    private final WorkbenchServices.SessionStore store = new WorkbenchServices.SessionStore() {
        @Override
        public Session load(Path file) {
            Session s = disk.get(file);
            if (s == null) {
                throw new UncheckedIOException(file + ": no such file", new java.io.IOException());
            }
            return s;
        }

        @Override
        public void save(Session session, Path file) {
            if (file.toString().contains("read-only")) {
                throw new UncheckedIOException(file + ": permission denied", new java.io.IOException());
            }
            disk.put(file, session);
            existing.add(file);
        }
    };
    private final WorkbenchServices.ReportExporter reports = (session, format, file, secrets) ->
            written.add("report " + format + " " + file + " secrets=" + secrets + " title=" + session.title());

    private final FileServices.Importer importer = new FileServices.Importer() {
        @Override
        public FileServices.Imported importFile(Path file, Progress progress, Cancellation cancel) {
            progress.report(1, 2, "reading " + file);
            if (importFailure != null) {
                throw importFailure;
            }
            return nextImport;
        }

        @Override
        public FileServices.Imported fromCurl(String commandText) {
            return new FileServices.Imported(Session.of("Import of pasted curl command", AuthorityParser.parse("b.example"),
                    NOW), "curl command", "pasted curl command", List.of());
        }
    };
    private final FileServices.Exports exports = new FileServices.Exports() {
        @Override
        public void har(ReplayRun run, Path file, boolean includeSecrets) {
            written.add("har " + run.policy() + " " + file + " secrets=" + includeSecrets);
        }

        @Override
        public void curl(ReplayRun run, Path file, boolean includeSecrets) {
            written.add("curl " + run.policy() + " " + file + " secrets=" + includeSecrets);
        }

        @Override
        public void pem(Session session, Path file) {
            written.add("pem " + file);
        }
    };
    private final FileServices.Autosaving autosaving = new FileServices.Autosaving() {
        @Override
        public FileServices.Handle start() {
            autosaveCalls.add("start");
            return new FileServices.Handle() {
                @Override
                public void changed(Session session) {
                    autosaved.add(session);
                }

                @Override
                public void close() {
                    autosaveCalls.add("close");
                }
            };
        }

        @Override
        public Optional<FileServices.Recoverable> findRecoverable() {
            return recoverable;
        }

        @Override
        public void discard(FileServices.Recoverable r) {
            discarded.add(r);
        }
    };

    private WorkbenchViewModel workbench;

    private FilesViewModel files(boolean withSessionsAndReports) {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        TaskRunner runner = new TaskRunner(background, Runnable::run, new ErrorLog(Runnable::run, clock));
        FakeTime time = new FakeTime();
        workbench = new WorkbenchViewModel(services, runner, clock, new AuthoritySetViewModel(services.parser()),
                new InspectViewModel(), new CoalescingViewModel(), new FindingsViewModel(),
                new ReplayViewModel(Optional.empty(), runner, Runnable::run, time, time),
                new LabViewModel(Optional.empty(), runner, Runnable::run, time, time));
        FileServices fs = new FileServices(importer, exports, autosaving, existing::contains, Analysis::analyse);
        return new FilesViewModel(workbench, withSessionsAndReports ? Optional.of(store) : Optional.empty(),
                withSessionsAndReports ? Optional.of(reports) : Optional.empty(), fs, dialogs);
    }

    private static Session tenants() {
        return Session.of("Tenants", SampleWorkspace.authoritySet(), NOW.minusSeconds(3600))
                .withProbes(SampleWorkspace.inspection().results(), SampleWorkspace.inspection().findings())
                .withPredictions(SampleWorkspace.predictions())
                .withReplay(SampleWorkspace.replay());
    }

    private void showSample() {
        workbench.presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        workbench.unsavedProperty().set(false);
    }

    @Test
    void opening_a_session_fills_every_screen_remembers_the_file_and_has_no_unsaved_changes() {
        FilesViewModel files = files(true);
        Path file = Path.of("/s/tenants.json");
        disk.put(file, tenants());

        assertThat(files.open(file)).isTrue();
        background.runAll();

        assertThat(workbench.sessionTitleProperty().get()).isEqualTo("Tenants");
        assertThat(workbench.authorities().authoritySet().authorities()).hasSize(5);
        assertThat(workbench.inspect().handshakes()).hasSize(SampleWorkspace.inspection().results().stream()
                .mapToInt(r -> r.handshakes().size()).sum());
        assertThat(workbench.inspect().coverageProperty().get().cells()).isNotEmpty();
        assertThat(workbench.coalescing().predictions()).hasSize(5);
        assertThat(workbench.replayScreen().timelineProperty().get().misdirectedCount()).isPositive();
        assertThat(workbench.findings().visible()).isNotEmpty();
        assertThat(files.fileProperty().get()).contains(file);
        assertThat(workbench.recent()).first().isEqualTo(file);
        assertThat(workbench.windowTitleProperty().get()).isEqualTo("Misdirect — Tenants");
        assertThat(workbench.session()).isEqualTo(tenants().withProbes(tenants().probes(), tenants().findings()));
    }

    @Test
    void opening_a_merged_session_shows_every_vantage_on_inspect_and_saving_keeps_them() throws Exception {
        FilesViewModel files = files(true);
        Path file = Path.of("/s/merged.json");
        Session merged = dev.misdirect.core.vantage.VantageFixtures.mergedTwo();
        disk.put(file, merged);

        assertThat(files.open(file)).isTrue();
        background.runAll();

        assertThat(workbench.inspect().mergedProperty().get()).isTrue();
        assertThat(workbench.inspect().vantageChoices()).containsExactly(InspectViewModel.ALL_VANTAGES, "eu", "ap");
        assertThat(workbench.inspect().handshakes()).extracting(r -> r.vantage()).containsExactly("eu", "ap");
        assertThat(workbench.findings().visible()).isNotEmpty();
        assertThat(workbench.session().vantages()).isEqualTo(merged.vantages());
        assertThat(workbench.session().findings()).isEqualTo(merged.findings());
    }

    @Test
    void a_file_that_cannot_be_read_is_explained_and_the_open_session_stays_untouched() {
        FilesViewModel files = files(true);
        showSample();
        Session before = workbench.session();

        files.open(Path.of("/s/gone.json"));
        background.runAll();

        assertThat(dialogs.shown).singleElement().asString()
                .isEqualTo("error: Cannot open gone.json: /s/gone.json: no such file");
        assertThat(workbench.session()).isEqualTo(before);
        assertThat(workbench.sessionTitleProperty().get()).isEqualTo(SampleWorkspace.TITLE);
        assertThat(workbench.unsavedProperty().get()).isFalse();
    }

    @Test
    void an_edit_marks_the_session_unsaved_and_the_title_shows_a_bullet() {
        FilesViewModel files = files(true);
        showSample();
        assertThat(workbench.windowTitleProperty().get()).doesNotContain("•");

        workbench.authorities().paste("d.tenants.lab.test resolve=127.0.0.11");

        assertThat(workbench.unsavedProperty().get()).isTrue();
        assertThat(workbench.windowTitleProperty().get()).isEqualTo("Misdirect — " + SampleWorkspace.TITLE + " •");
        assertThat(files.hasFile()).isFalse();
    }

    @Test
    void save_as_writes_the_session_makes_it_the_file_and_clears_the_unsaved_mark() {
        FilesViewModel files = files(true);
        files.newSession();
        workbench.authorities().paste("a.example\nb.example");
        assertThat(files.save()).as("no file yet: Save needs Save As").isFalse();

        Path file = Path.of("/s/cdn-421.json");
        assertThat(files.saveAs(file)).isTrue();
        background.runAll();

        assertThat(disk.get(file).authoritySet().authorities()).hasSize(2);
        assertThat(disk.get(file).title()).as("an untitled session is named after its file").isEqualTo("cdn-421");
        assertThat(workbench.unsavedProperty().get()).isFalse();
        assertThat(workbench.windowTitleProperty().get()).isEqualTo("Misdirect — cdn-421");
        assertThat(files.fileProperty().get()).contains(file);
        assertThat(workbench.recent()).containsExactly(file);

        workbench.authorities().paste("c.example");
        assertThat(files.save()).isTrue();
        background.runAll();
        assertThat(disk.get(file).authoritySet().authorities()).hasSize(3);
        assertThat(workbench.unsavedProperty().get()).isFalse();
    }

    @Test
    void an_edit_made_while_saving_stays_unsaved() {
        FilesViewModel files = files(true);
        files.newSession();
        workbench.authorities().paste("a.example");
        files.saveAs(Path.of("/s/x.json"));
        workbench.authorities().paste("b.example");
        background.runAll();

        assertThat(disk.get(Path.of("/s/x.json")).authoritySet().authorities()).hasSize(1);
        assertThat(workbench.unsavedProperty().get()).isTrue();
    }

    @Test
    void a_failed_save_is_explained_and_the_session_stays_unsaved() {
        FilesViewModel files = files(true);
        files.newSession();
        workbench.authorities().paste("a.example");

        files.saveAs(Path.of("/read-only/x.json"));
        background.runAll();

        assertThat(dialogs.shown).singleElement().asString().startsWith("error: Cannot save x.json: ")
                .contains("permission denied");
        assertThat(workbench.unsavedProperty().get()).isTrue();
        assertThat(files.hasFile()).isFalse();
    }

    @Test
    void the_recent_list_leaves_out_files_that_no_longer_exist_and_drops_one_that_fails_to_open() {
        FilesViewModel files = files(true);
        Path kept = Path.of("/s/kept.json");
        Path vanished = Path.of("/s/vanished.json");
        Path older = Path.of("/s/older.json");
        existing.addAll(List.of(kept, vanished, older));

        files.restoreRecent(List.of(kept, Path.of("/s/deleted.json"), vanished, older));
        assertThat(workbench.recent()).containsExactly(kept, vanished, older);

        existing.remove(vanished);
        files.open(vanished);
        background.runAll();
        assertThat(workbench.recent()).containsExactly(kept, older);
    }

    @Test
    void reports_are_redacted_unless_secrets_are_included_and_named_after_the_session() {
        FilesViewModel files = files(true);
        showSample();

        assertThat(files.suggestedName(ExportKind.REPORT_MARKDOWN)).isEqualTo("Sample-tenants-behind-one-wildcard-certificate.md");
        assertThat(files.export(ExportKind.REPORT_HTML, Path.of("/r/a.html"), false)).isTrue();
        background.runAll();
        assertThat(files.export(ExportKind.REPORT_MARKDOWN, Path.of("/r/a.md"), true)).isTrue();
        background.runAll();

        assertThat(written).containsExactly(
                "report HTML /r/a.html secrets=false title=" + SampleWorkspace.TITLE,
                "report MARKDOWN /r/a.md secrets=true title=" + SampleWorkspace.TITLE);
        assertThat(workbench.runner().messageProperty().get()).isEqualTo(
                "Exported markdown report to /r/a.md (with secrets: do not share it)");
    }

    @Test
    void har_curl_and_pem_exports_need_a_replay_run_or_certificates_and_say_why_not() {
        FilesViewModel files = files(true);
        files.newSession();
        assertThat(files.unavailable(ExportKind.HAR)).get().asString().contains("no replay run");
        assertThat(files.unavailable(ExportKind.CURL)).isPresent();
        assertThat(files.unavailable(ExportKind.PEM)).get().asString().contains("probe the authorities");
        assertThat(files.export(ExportKind.HAR, Path.of("/r/x.har"), false)).isFalse();

        showSample();
        assertThat(files.export(ExportKind.HAR, Path.of("/r/x.har"), false)).isTrue();
        background.runAll();
        assertThat(files.export(ExportKind.CURL, Path.of("/r/x.sh"), true)).isTrue();
        background.runAll();
        assertThat(files.export(ExportKind.PEM, Path.of("/r/x.pem"), false)).isTrue();
        background.runAll();
        assertThat(written).containsExactly("har coalescing /r/x.har secrets=false", "curl coalescing /r/x.sh secrets=true",
                "pem /r/x.pem");
    }

    @Test
    void without_session_and_report_services_open_save_and_reports_are_unavailable() {
        FilesViewModel files = files(false);
        assertThat(files.canOpenAndSave()).isFalse();
        assertThat(files.open(Path.of("x.json"))).isFalse();
        assertThat(files.saveAs(Path.of("x.json"))).isFalse();
        assertThat(files.unavailable(ExportKind.REPORT_HTML)).contains("Reports are not part of this build.");
        assertThat(files.export(ExportKind.REPORT_HTML, Path.of("x.html"), false)).isFalse();
        assertThat(background.queued()).isZero();
    }

    private FileServices.Imported netLogImport() {
        ReplayRun run = SampleWorkspace.replay();
        Finding limitation = new Finding(FindingCause.IMPORT_LIMITATION, Severity.INFO, "No server view",
                "A NetLog shows the client only.", "What the imported Chrome NetLog could not tell.", "", List.of());
        ReplayRun imported = new ReplayRun("GET https://a.tenants.lab.test/ ; GET https://b.tenants.lab.test/",
                ConnectionPolicy.COALESCING, true, false, Optional.empty(), false, NOW, run.steps(), run.events(), List.of(limitation));
        return new FileServices.Imported(Session.of("Import of capture.json", SampleWorkspace.authoritySet(), NOW)
                .withReplay(imported), "Chrome NetLog", "capture.json", List.of("A NetLog shows the client only."));
    }

    @Test
    void an_import_becomes_the_session_with_its_timeline_plan_and_limitations_as_findings() {
        FilesViewModel files = files(true);
        showSample();
        List<String> shownScreens = new ArrayList<>();
        files.setOnImported(() -> shownScreens.add("replay"));
        nextImport = netLogImport();

        assertThat(files.importFile(Path.of("/c/capture.json"))).isTrue();
        background.runAll();

        assertThat(workbench.sessionTitleProperty().get()).isEqualTo("Import of capture.json");
        assertThat(workbench.authorities().authoritySet().authorities()).hasSize(5);
        assertThat(workbench.replayScreen().timelineProperty().get().misdirectedCount()).isPositive();
        assertThat(workbench.replayScreen().planTextProperty().get()).startsWith("GET https://a.tenants.lab.test/");
        assertThat(workbench.findings().visible()).extracting(Finding::title).containsExactly("No server view");
        assertThat(workbench.inspect().handshakes()).as("the sample's probe results are gone").isEmpty();
        assertThat(workbench.dataNoticeProperty().get()).isEmpty();
        assertThat(workbench.unsavedProperty().get()).as("an import is not saved anywhere yet").isTrue();
        assertThat(files.hasFile()).isFalse();
        assertThat(shownScreens).containsExactly("replay");
        assertThat(workbench.runner().messageProperty().get())
                .isEqualTo("Imported Chrome NetLog capture.json · 1 thing it cannot tell (see Findings)");
    }

    @Test
    void a_bad_import_is_explained_and_nothing_already_open_is_lost() {
        FilesViewModel files = files(true);
        showSample();
        Session before = workbench.session();
        importFailure = new UncheckedIOException("capture.json: the JSON breaks at line 1, column 9: unexpected character",
                new java.io.IOException());

        files.importFile(Path.of("/c/capture.json"));
        background.runAll();

        assertThat(dialogs.shown).containsExactly("error: Cannot import capture.json: "
                + "capture.json: the JSON breaks at line 1, column 9: unexpected character");
        assertThat(workbench.session()).isEqualTo(before);
        assertThat(workbench.unsavedProperty().get()).isFalse();
    }

    @Test
    void a_cancelled_import_changes_nothing_and_shows_no_error() {
        FilesViewModel files = files(true);
        showSample();
        Session before = workbench.session();
        importFailure = new CancellationException("import cancelled after 65536 of 1000000 bytes");

        files.importFile(Path.of("/c/big.json"));
        workbench.cancel();
        background.runAll();

        assertThat(dialogs.shown).isEmpty();
        assertThat(workbench.session()).isEqualTo(before);
        assertThat(workbench.runner().messageProperty().get()).isEqualTo("Importing big.json: cancelled");
    }

    @Test
    void a_pasted_curl_command_becomes_the_session_and_an_empty_paste_is_refused() {
        FilesViewModel files = files(true);
        assertThat(files.pasteCurl("  \n")).isFalse();
        assertThat(dialogs.shown).containsExactly("error: Cannot import the curl command: The pasted text is empty.");

        assertThat(files.pasteCurl("curl https://b.example/")).isTrue();
        background.runAll();
        assertThat(workbench.authorities().authoritySet().authorities()).extracting(a -> a.key())
                .containsExactly("b.example:443");
    }

    @Test
    void replacing_unsaved_changes_asks_first_and_a_no_keeps_them() {
        FilesViewModel files = files(true);
        files.newSession();
        workbench.authorities().paste("a.example");
        dialogs.answer = false;

        assertThat(files.newSession()).isFalse();
        assertThat(files.importFile(Path.of("/c/capture.json"))).isFalse();

        assertThat(dialogs.shown).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("confirm: The session"));
        assertThat(workbench.authorities().rows()).hasSize(1);
        assertThat(background.queued()).isZero();
    }

    @Test
    void a_crashed_sessions_autosave_is_offered_and_restored_as_unsaved_then_forgotten() {
        FilesViewModel files = files(true);
        recoverable = Optional.of(new FileServices.Recoverable(tenants(), Path.of("/home/autosave/41.session.json"), 41,
                NOW.minusSeconds(60)));

        assertThat(files.recoverAtStart()).isTrue();

        assertThat(dialogs.shown).singleElement().asString().startsWith("ask: Recover session: ")
                .contains("\u201cTenants\u201d (5 authorities, 1 replay run)").endsWith("[Restore/Discard]");
        assertThat(workbench.sessionTitleProperty().get()).isEqualTo("Tenants");
        assertThat(workbench.authorities().authoritySet().authorities()).hasSize(5);
        assertThat(workbench.unsavedProperty().get()).isTrue();
        assertThat(discarded).containsExactly(recoverable.get());
    }

    @Test
    void a_declined_recovery_discards_the_autosave_and_keeps_the_default_start() {
        FilesViewModel files = files(true);
        recoverable = Optional.of(new FileServices.Recoverable(tenants(), Path.of("/a/41.session.json"), 41, NOW));
        dialogs.answer = false;

        assertThat(files.recoverAtStart()).isFalse();

        assertThat(workbench.authorities().rows()).isEmpty();
        assertThat(discarded).containsExactly(recoverable.get());
    }

    @Test
    void without_a_crashed_session_nothing_is_asked() {
        FilesViewModel files = files(true);
        assertThat(files.recoverAtStart()).isFalse();
        assertThat(dialogs.shown).isEmpty();
        assertThat(discarded).isEmpty();
    }

    @Test
    void autosave_gets_every_change_and_the_exit_writes_a_last_time_and_closes() {
        FilesViewModel files = files(true);
        showSample();
        files.startAutosave();
        assertThat(autosaveCalls).containsExactly("start");
        assertThat(autosaved).last().satisfies(s -> assertThat(s.title()).isEqualTo(SampleWorkspace.TITLE));

        workbench.authorities().paste("d.tenants.lab.test");
        assertThat(autosaved).last().satisfies(s -> assertThat(s.authoritySet().authorities()).hasSize(6));

        workbench.sessionTitleProperty().set("Renamed");
        files.close();
        assertThat(autosaved).last().satisfies(s -> assertThat(s.title()).isEqualTo("Renamed"));
        assertThat(autosaveCalls).containsExactly("start", "close");

        int before = autosaved.size();
        workbench.authorities().paste("e.tenants.lab.test");
        assertThat(autosaved).as("nothing is handed to a closed autosave").hasSize(before);
    }
}
