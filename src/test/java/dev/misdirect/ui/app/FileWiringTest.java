package dev.misdirect.ui.app;

import dev.misdirect.testing.Fixtures;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.files.ExportKind;
import dev.misdirect.ui.files.FilesViewModel;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import dev.misdirect.ui.testing.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The File side end to end over the real engine ({@code core.io} sessions, autosave and recovery, imports,
 * {@code core.report}) in a temporary app data directory; the view-model runs its work synchronously.
 */
class FileWiringTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FakeDialogs dialogs = new FakeDialogs();
    private WorkbenchViewModel workbench;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private FilesViewModel files(Path home) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        FileWiring wiring = new FileWiring(home, timer, Duration.ofHours(1), clock, () -> false);
        WorkbenchServices services = wiring.complete(new WorkbenchServices(AuthorityParser::parse, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        TaskRunner runner = new TaskRunner(Runnable::run, Runnable::run, new ErrorLog(Runnable::run, clock));
        FakeTime time = new FakeTime();
        workbench = new WorkbenchViewModel(services, runner, clock, new AuthoritySetViewModel(services.parser()),
                new InspectViewModel(), new CoalescingViewModel(), new FindingsViewModel(),
                new ReplayViewModel(Optional.empty(), runner, Runnable::run, time, time),
                new LabViewModel(Optional.empty(), runner, Runnable::run, time, time));
        return new FilesViewModel(workbench, services.sessions(), services.reports(), wiring.fileServices(), dialogs);
    }

    private static Session tenants() {
        return Session.of("Tenants", SampleWorkspace.authoritySet(), NOW.minusSeconds(3600))
                .withProbes(SampleWorkspace.inspection().results(), SampleWorkspace.inspection().findings())
                .withPredictions(SampleWorkspace.predictions())
                .withReplay(SampleWorkspace.replay());
    }

    /** A process id that is certainly not running: a child that has exited. */
    private static long deadPid() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void the_session_of_a_killed_process_is_offered_restored_and_then_autosaved_by_this_one(@TempDir Path home)
            throws Exception {
        long pid = deadPid();
        Path autosaves = home.resolve("autosave");
        Files.createDirectories(autosaves);
        new SessionCodec().write(tenants(), autosaves.resolve(pid + ".session.json"));
        Files.writeString(autosaves.resolve(pid + ".lock"), pid + "\nunknown\n", StandardCharsets.UTF_8);
        FilesViewModel files = files(home);

        assertThat(files.recoverAtStart()).isTrue();

        assertThat(dialogs.shown).singleElement().asString().startsWith("ask: Recover session: ");
        assertThat(workbench.sessionTitleProperty().get()).isEqualTo("Tenants");
        assertThat(workbench.replayScreen().timelineProperty().get().misdirectedCount()).isPositive();
        assertThat(workbench.unsavedProperty().get()).isTrue();
        assertThat(autosaves.resolve(pid + ".session.json")).doesNotExist();
        assertThat(autosaves.resolve(pid + ".lock")).doesNotExist();

        files.startAutosave();
        long self = ProcessHandle.current().pid();
        assertThat(autosaves.resolve(self + ".lock")).exists();
        workbench.sessionTitleProperty().set("Tenants, after the crash");
        files.close();

        assertThat(autosaves.resolve(self + ".lock")).as("a clean exit leaves nothing to recover").doesNotExist();
        Session last = new SessionCodec().read(autosaves.resolve("last-exit.session.json"));
        assertThat(last.title()).isEqualTo("Tenants, after the crash");
        assertThat(last.replays()).hasSize(1);
        assertThat(files(home).recoverAtStart()).isFalse();
    }

    @Test
    void completing_the_services_with_files_keeps_the_lab_and_try_the_fix(@TempDir Path home) {
        WorkbenchServices.FixService fix = (scenarioId, progress, cancel) -> {
            throw new IllegalStateException("not called");
        };
        WorkbenchServices base = new WorkbenchServices(dev.misdirect.core.names.AuthorityParser::parse, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new dev.misdirect.ui.lab.FakeLab()), Optional.of(fix));
        WorkbenchServices complete = new FileWiring(home, timer, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC),
                () -> false).complete(base);
        assertThat(complete.fix()).containsSame(fix);
        assertThat(complete.lab()).isEqualTo(base.lab());
        assertThat(complete.sessions()).isPresent();
    }

    @Test
    void a_saved_session_is_owner_only_and_reopens_identically(@TempDir Path dir) throws Exception {
        FilesViewModel files = files(dir.resolve("home"));
        Session original = tenants();
        workbench.show(original, SampleWorkspace.inspection());
        Path file = dir.resolve("tenants.json");

        assertThat(files.saveAs(file)).isTrue();
        assertThat(dialogs.shown).isEmpty();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        FilesViewModel other = files(dir.resolve("home"));
        assertThat(other.open(file)).isTrue();
        assertThat(workbench.session()).isEqualTo(original);
        assertThat(workbench.unsavedProperty().get()).isFalse();
    }

    @Test
    void a_corrupt_or_newer_session_file_is_refused_with_its_position_and_the_open_session_kept(@TempDir Path dir)
            throws Exception {
        FilesViewModel files = files(dir.resolve("home"));
        workbench.show(tenants(), SampleWorkspace.inspection());
        workbench.unsavedProperty().set(false);
        Session before = workbench.session();
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\n  \"formatVersion\": 1,\n  \"title\": oops\n}\n");
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "{\"formatVersion\": 99, \"title\": \"from the future\"}");

        files.open(corrupt);
        files.open(newer);

        assertThat(dialogs.shown).hasSize(2);
        assertThat(dialogs.shown.get(0)).startsWith("error: Cannot open corrupt.json: ").endsWith("corrupt.json:3:12: not valid JSON: Unrecognized token 'oops': was expecting (JSON String, Number, "
                + "Array, Object or token 'null', 'true' or 'false')");
        assertThat(dialogs.shown.get(1)).startsWith("error: Cannot open newer.json: ")
                .contains("version 99 was written by a newer Misdirect");
        assertThat(workbench.session()).isEqualTo(before);
    }

    @Test
    void a_report_holds_no_planted_secret_unless_secrets_are_included(@TempDir Path dir) throws Exception {
        FilesViewModel files = files(dir.resolve("home"));
        workbench.show(tenants(), SampleWorkspace.inspection());
        workbench.authorities().paste("secret.example resolve=127.0.0.9 host=secret.example");
        workbench.sessionTitleProperty().set("https://a.example/?token=PLANTED-SECRET-42");
        Path redacted = dir.resolve("r.html");
        Path kept = dir.resolve("k.md");

        assertThat(files.export(ExportKind.REPORT_HTML, redacted, false)).isTrue();
        assertThat(files.export(ExportKind.REPORT_MARKDOWN, kept, true)).isTrue();

        assertThat(dialogs.shown).isEmpty();
        assertThat(Files.readString(redacted)).startsWith("<!DOCTYPE html").contains("<svg")
                .doesNotContain("PLANTED-SECRET-42");
        assertThat(Files.readString(kept)).contains("PLANTED-SECRET-42");
    }

    @Test
    void har_curl_and_pem_exports_are_written_from_the_session(@TempDir Path dir) throws Exception {
        FilesViewModel files = files(dir.resolve("home"));
        workbench.show(tenants(), SampleWorkspace.inspection());

        assertThat(files.export(ExportKind.HAR, dir.resolve("run.har"), false)).isTrue();
        assertThat(files.export(ExportKind.CURL, dir.resolve("run.sh"), false)).isTrue();

        assertThat(dialogs.shown).isEmpty();
        assertThat(Files.readString(dir.resolve("run.har"))).contains("\"_connectionId\"").contains("\"version\" : \"1.2\"");
        assertThat(Files.readString(dir.resolve("run.sh"))).startsWith("#!/bin/sh").contains("curl ");
    }

    @Test
    void the_apache_netlog_imports_as_a_session_with_421s_on_the_timeline() {
        Path fixture = Fixtures.file("chrome-netlog-apache-coalesced-421.json");
        FilesViewModel files = files(Path.of(System.getProperty("java.io.tmpdir"), "misdirect-import-test"));

        assertThat(files.importFile(fixture)).isTrue();

        assertThat(dialogs.shown).isEmpty();
        var timeline = workbench.replayScreen().timelineProperty().get();
        assertThat(timeline.misdirectedCount()).isEqualTo(2);
        assertThat(timeline.lanes()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(workbench.replayScreen().planTextProperty().get()).contains("GET https://");
        assertThat(workbench.authorities().authoritySet().authorities()).isNotEmpty();
        assertThat(workbench.findings().visible()).isNotEmpty();
        assertThat(workbench.sessionTitleProperty().get()).isEqualTo("Import of chrome-netlog-apache-coalesced-421.json");
    }

    @Test
    void a_playwright_har_import_lists_what_the_file_cannot_tell_among_the_findings() {
        Path fixture = Fixtures.file("playwright-chromium.har");
        FilesViewModel files = files(Path.of(System.getProperty("java.io.tmpdir"), "misdirect-import-test"));

        assertThat(files.importFile(fixture)).isTrue();

        assertThat(dialogs.shown).isEmpty();
        assertThat(workbench.findings().visible()).anySatisfy(f -> {
            assertThat(f.cause()).isEqualTo(dev.misdirect.core.model.FindingCause.IMPORT_LIMITATION);
            assertThat(f.title() + " " + f.details()).containsIgnoringCase("connection");
        });
        assertThat(workbench.replayScreen().planTextProperty().get()).contains("GET https://");
    }

    @Test
    void a_session_file_imported_or_dropped_comes_whole_with_its_probes_but_without_a_file(@TempDir Path dir)
            throws Exception {
        FilesViewModel files = files(dir.resolve("home"));
        Path file = dir.resolve("tenants.json");
        new SessionCodec().write(tenants(), file);

        assertThat(files.importFile(file)).isTrue();

        assertThat(dialogs.shown).isEmpty();
        assertThat(workbench.session()).isEqualTo(tenants());
        assertThat(files.hasFile()).as("Save asks where, so the original stays as it was").isFalse();
    }
}
