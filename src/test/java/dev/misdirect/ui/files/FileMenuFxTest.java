package dev.misdirect.ui.files;

import dev.misdirect.testing.Fixtures;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.timeline.TimelineLayout;
import dev.misdirect.ui.app.FileWiring;
import dev.misdirect.ui.app.SampleWorkspace;
import dev.misdirect.ui.app.Workbench;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.controls.TimelineChart;
import dev.misdirect.ui.controls.TimelineChartSkin;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Robot tests of the File menu over the real engine, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class FileMenuFxTest {
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final FakeDialogs dialogs = new FakeDialogs();
    private Path home;
    private Workbench workbench;
    private WorkbenchViewModel vm;
    private FilesViewModel files;
    private FileMenu menu;
    private final java.util.List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        try {
            home = Files.createTempDirectory("misdirect-fx-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FileWiring wiring = new FileWiring(home, timers, Duration.ofHours(1), Clock.systemUTC(),
                Platform::isFxApplicationThread);
        WorkbenchServices services = wiring.complete(new WorkbenchServices(AuthorityParser::parse, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        workbench = Workbench.create(services, UiExecutor.fx(), work,
                (task, delay) -> timers.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemUTC(), dialogs, 1200, 740);
        vm = workbench.viewModel();
        files = new FilesViewModel(vm, services.sessions(), services.reports(), wiring.fileServices(), dialogs);
        menu = FileMenu.install(files, dialogs, workbench.scene(), opened::add);
        vm.presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        vm.unsavedProperty().set(false);
        stage.titleProperty().bind(vm.windowTitleProperty());
        stage.setScene(workbench.scene());
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void stop() throws IOException {
        work.shutdownNow();
        timers.shutdownNow();
        try (var paths = Files.walk(home)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void a_dropped_file_that_is_no_capture_is_explained_and_the_open_session_stays(FxRobot robot) throws Exception {
        Path notes = home.resolve("notes.txt");
        Files.writeString(notes, "hello, this is not a capture\n");

        robot.interact(() -> assertThat(menu.dropped(notes)).isTrue());
        waitUntil("the import to fail", () -> !vm.runner().runningProperty().get() && !dialogs.shown.isEmpty());

        assertThat(dialogs.shown).containsExactly("error: Cannot import notes.txt: notes.txt is not a Chrome NetLog, "
                + "a HAR, a Misdirect session, a curl command or a server's log (Apache or nginx error log, Caddy, Envoy "
                + "or Traefik log) (it starts with \"hello, this is not a capture\")");
        assertThat(vm.sessionTitleProperty().get()).isEqualTo(SampleWorkspace.TITLE);
        assertThat(vm.authorities().authoritySet().authorities()).isEqualTo(SampleWorkspace.authoritySet().authorities());
        assertThat(vm.replayScreen().lastRun()).contains(SampleWorkspace.replay());
    }

    private static void waitUntil(String what, BooleanSupplier done) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, done::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void importing_the_apache_netlog_from_the_file_menu_shows_a_lane_with_a_421_marker(FxRobot robot) {
        Path fixture = Fixtures.file("chrome-netlog-apache-coalesced-421.json");
        dialogs.nextFile = Optional.of(fixture);

        robot.clickOn("File").clickOn("Import…");
        waitUntil("the import", () -> !vm.runner().runningProperty().get()
                && vm.sessionTitleProperty().get().startsWith("Import of"));

        assertThat(dialogs.shown).isEmpty();
        TimelineChart chart = robot.lookup(".timeline-chart").queryAs(TimelineChart.class);
        assertThat(chart.isVisible() && chart.getParent().isVisible()).as("the Replay screen is shown").isTrue();
        TimelineChartSkin skin = (TimelineChartSkin) chart.getSkin();
        TimelineLayout layout = skin.layout();
        assertThat(layout.lanes()).hasSizeGreaterThanOrEqualTo(2);
        TimelineLayout.PlacedBar misdirected = layout.bars().stream().filter(b -> b.bar().misdirected()).findFirst()
                .orElseThrow(() -> new AssertionError("no 421 bar on the timeline"));
        assertThat(layout.flags()).anySatisfy(m ->
                assertThat(m.marker().exchangeId()).isEqualTo(misdirected.bar().exchangeId()));
        assertThat(layout.lanes()).anySatisfy(l ->
                assertThat(l.connectionId()).isEqualTo(misdirected.bar().connectionId()));
        assertThat(robot.window(0).getScene().getWindow()).isInstanceOfSatisfying(Stage.class,
                s -> assertThat(s.getTitle()).isEqualTo("Misdirect — Import of chrome-netlog-apache-coalesced-421.json •"));
    }

    @Test
    void a_session_saved_from_the_file_menu_opens_again_the_same(FxRobot robot) throws Exception {
        Path file = home.resolve("saved.json");
        dialogs.nextFile = Optional.of(file);
        var before = vm.session();

        robot.clickOn("File").clickOn("Save");
        waitUntil("the save", () -> Files.exists(file) && !vm.runner().runningProperty().get());
        assertThat(vm.windowTitleProperty().get()).doesNotContain("•");

        robot.clickOn("File").clickOn("New session");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.authorities().authoritySet().authorities()).isEmpty();

        robot.clickOn("File").clickOn("Open…");
        waitUntil("the open", () -> !vm.authorities().authoritySet().authorities().isEmpty()
                && !vm.runner().runningProperty().get());

        assertThat(dialogs.shown).isEmpty();
        assertThat(vm.session()).isEqualTo(before);
        assertThat(vm.recent()).first().isEqualTo(file);
        assertThat(files.fileProperty().get()).contains(file);
    }

    @Test
    void after_exporting_a_report_the_window_offers_open_report_and_opens_it(FxRobot robot) throws Exception {
        Path report = home.resolve("report.html");
        dialogs.nextFile = Optional.of(report);

        robot.clickOn("File").clickOn("Export…");
        robot.clickOn(robot.lookup(".dialog-pane .button").match((javafx.scene.control.Button b) ->
                "Export…".equals(b.getText())).queryAs(javafx.scene.control.Button.class));
        waitUntil("the export", () -> !vm.runner().runningProperty().get() && !opened.isEmpty());

        assertThat(Files.size(report)).isPositive();
        assertThat(dialogs.shown).containsExactly("ask: Report exported: The report was written to " + report
                + ". [Open report/Close]");
        assertThat(opened).containsExactly(report.toUri().toString());

        dialogs.answer = false;
        dialogs.shown.clear();
        robot.interact(() -> files.export(ExportKind.REPORT_HTML, report, false));
        waitUntil("the second export", () -> !vm.runner().runningProperty().get() && !dialogs.shown.isEmpty());
        assertThat(opened).as("Close opens nothing").hasSize(1);
    }
}
