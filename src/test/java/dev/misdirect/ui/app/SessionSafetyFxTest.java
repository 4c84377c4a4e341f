package dev.misdirect.ui.app;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.testing.Fixtures;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.controls.FindingCard;
import dev.misdirect.ui.files.FileMenu;
import dev.misdirect.ui.files.FilesViewModel;
import dev.misdirect.ui.inspect.HandshakeRow;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import dev.misdirect.ui.testing.FxAwait;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Robot tests of what keeps a session trustworthy, over the real engine, the real file services and the embedded lab
 * (loopback only): no action replaces a session without asking, each session probes and replays its own target,
 * failures are rows, verdicts are honest, and every run is kept. Headless (Monocle); every wait is on a property.
 */
@ExtendWith(ApplicationExtension.class)
class SessionSafetyFxTest {
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");

    @TempDir
    static Path labHome;

    private final FakeDialogs dialogs = new FakeDialogs();
    private final ScheduledExecutorService autosaveTimer = Executors.newSingleThreadScheduledExecutor();
    @TempDir
    Path home;
    private LabWindow window;
    private Workbench workbench;
    private WorkbenchViewModel vm;
    private FilesViewModel files;

    @Start
    void start(Stage stage) {
        FileWiring[] wiring = new FileWiring[1];
        window = new LabWindow(stage, labHome, dialogs, engine -> {
            wiring[0] = new FileWiring(home, autosaveTimer, Duration.ofHours(1),
                    Clock.systemUTC(), Platform::isFxApplicationThread);
            return wiring[0].complete(engine);
        });
        workbench = window.workbench;
        vm = window.vm;
        files = new FilesViewModel(vm, window.services.sessions(), window.services.reports(), wiring[0].fileServices(),
                dialogs);
        FileMenu.install(files, dialogs, workbench.scene(), uri -> { });
        window.show(stage);
    }

    @AfterEach
    void stop() {
        window.close();
        autosaveTimer.shutdownNow();
    }

    private void awaitIdle(String what) throws Exception {
        window.awaitIdle(what);
    }

    private void awaitLabProbed() throws Exception {
        window.awaitProbed();
    }

    private void importFixture(FxRobot robot, String name) throws Exception {
        robot.interact(() -> files.importFile(Fixtures.file(name)));
        awaitIdle("the import of " + name);
        assertThat(vm.targetProperty().get().kind()).isEqualTo(SessionTarget.Kind.IMPORT);
    }

    private Button headerReproduce(FxRobot robot) {
        return robot.lookup(".app-header .reproduce-button").queryAs(Button.class);
    }

    /** The Lab screen's scenario gallery, the screen shown. */
    @SuppressWarnings("unchecked")
    private ListView<LabScenario> gallery(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.LAB));
        return robot.lookup("#gallery").queryAs(ListView.class);
    }

    private Button labButton(FxRobot robot, String id) {
        robot.interact(() -> workbench.view().show(Screen.LAB));
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    @Test
    void reproduce_in_an_imported_netlog_session_asks_and_keeps_the_import_when_declined(FxRobot robot) throws Exception {
        awaitLabProbed();
        importFixture(robot, "chrome-netlog-apache-coalesced-421.json");
        String title = vm.sessionTitleProperty().get();
        List<ReplayRun> importedRuns = List.copyOf(vm.replayScreen().runs());
        dialogs.answer = false;
        dialogs.shown.clear();

        robot.clickOn(headerReproduce(robot));
        awaitIdle("nothing to run");

        assertThat(dialogs.shown).singleElement().asString().startsWith("confirm:").contains(title);
        assertThat(vm.sessionTitleProperty().get()).isEqualTo(title);
        assertThat(vm.replayScreen().runs()).isEqualTo(importedRuns);

        dialogs.answer = true;
        robot.clickOn(headerReproduce(robot));
        FxAwait.until("the scenario's session with its reproduce run", () -> !vm.runner().runningProperty().get()
                        && vm.sessionTitleProperty().get().startsWith("Lab: ") && !vm.replayScreen().runs().isEmpty(),
                vm.runner().runningProperty(), vm.replayScreen().runs());
        assertThat(vm.replayScreen().runs()).doesNotContainAnyElementsOf(importedRuns)
                .allSatisfy(r -> assertThat(r.labScenario()).contains(WorkbenchApp.FIRST_SCENARIO));
    }

    @Test
    void an_imported_netlog_shows_the_certificates_it_holds_on_inspect(FxRobot robot) throws Exception {
        awaitLabProbed();
        importFixture(robot, "chrome-netlog-apache-coalesced-421.json");
        robot.interact(() -> workbench.view().show(Screen.INSPECT));

        @SuppressWarnings("unchecked")
        TableView<HandshakeRow> table = robot.lookup("#handshakes").queryAs(TableView.class);
        assertThat(table.getItems()).hasSizeGreaterThanOrEqualTo(vm.authorities().authoritySet().authorities().size());
        HandshakeRow withCertificate = table.getItems().stream().filter(r -> r.handshake().flatMap(h -> h.leaf())
                .isPresent()).findFirst().orElseThrow(() -> new AssertionError("no certificate on Inspect"));
        assertThat(withCertificate.verdict().text()).isEqualTo("– not checked");
        robot.interact(() -> table.getSelectionModel().select(withCertificate));
        assertThat(robot.lookup("#certificate").queryAs(javafx.scene.control.TextArea.class).getText())
                .contains("SANs").contains("seen in the");
        assertThat(vm.inspect().coverageProperty().get().certificates()).isNotEmpty();
    }

    @Test
    void load_scenario_asks_before_it_drops_unsaved_work(FxRobot robot) throws Exception {
        awaitLabProbed();
        importFixture(robot, "chrome-netlog-apache-coalesced-421.json");
        String title = vm.sessionTitleProperty().get();
        dialogs.answer = false;
        dialogs.shown.clear();

        robot.clickOn(labButton(robot, "loadButton"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(dialogs.shown).singleElement().asString().startsWith("confirm:").contains("unsaved changes");
        assertThat(vm.sessionTitleProperty().get()).isEqualTo(title);
        assertThat(vm.runner().runningProperty().get()).isFalse();
    }

    @Test
    void loading_another_scenario_over_a_lab_session_as_loaded_does_not_ask(FxRobot robot) throws Exception {
        awaitLabProbed();
        ListView<LabScenario> gallery = gallery(robot);
        robot.interact(() -> gallery.getSelectionModel().select(1));
        String other = gallery.getItems().get(1).id();
        dialogs.shown.clear();

        robot.clickOn(labButton(robot, "loadButton"));
        FxAwait.until("the other scenario's session", () -> vm.sessionTitleProperty().get().equals("Lab: " + other),
                vm.sessionTitleProperty());
        assertThat(dialogs.shown).isEmpty();
    }

    @Test
    void after_file_new_localhost_1_is_refused_by_the_system_not_looked_up_in_the_lab_name_map(FxRobot robot)
            throws Exception {
        awaitLabProbed();
        robot.interact(() -> files.newSession());
        robot.interact(() -> vm.authorities().paste("localhost:1"));
        robot.clickOn(robot.lookup("#probeButton").queryAs(Button.class));
        FxAwait.until("the probe of localhost:1", () -> !vm.runner().runningProperty().get()
                        && !vm.inspect().handshakes().isEmpty(),
                vm.runner().runningProperty(), vm.inspect().handshakes());

        assertThat(vm.targetProperty().get()).isEqualTo(SessionTarget.system());
        assertThat(vm.inspect().handshakes()).allSatisfy(r -> {
            assertThat(r.verdict().text()).isEqualTo("✘ refused");
            assertThat(r.address()).doesNotContain("lab name map");
        });
        assertThat(vm.findings().visible()).extracting(Finding::fix)
                .noneMatch(fix -> fix.contains("DNS records"));
    }

    @Test
    void a_name_that_does_not_resolve_gets_a_row_on_inspect_and_no_not_covered_cell(FxRobot robot) throws Exception {
        awaitLabProbed();
        int port = vm.lab().loadedProperty().get().port();
        String missing = "nowhere.lab.test:" + port;
        robot.interact(() -> vm.authorities().paste(missing));
        robot.clickOn(robot.lookup("#probeButton").queryAs(Button.class));
        FxAwait.until("the probe with the missing name", () -> !vm.runner().runningProperty().get()
                        && vm.inspect().handshakes().stream().anyMatch(r -> r.authorityKey().equals(missing)),
                vm.runner().runningProperty(), vm.inspect().handshakes());
        robot.interact(() -> workbench.view().show(Screen.INSPECT));

        @SuppressWarnings("unchecked")
        TableView<HandshakeRow> table = robot.lookup("#handshakes").queryAs(TableView.class);
        assertThat(table.getItems()).filteredOn(r -> r.authorityKey().equals(missing)).singleElement()
                .satisfies(r -> {
                    assertThat(r.verdict().text()).isEqualTo("✘ DNS failed");
                    assertThat(r.leafSubject()).contains("lab name map");
                });
        FxAwait.until("the matrix rows", () -> robot.lookup(".san-row-header").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith(missing)), vm.inspect().coverageProperty());
        Label head = robot.lookup(".san-row-header").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().startsWith(missing)).findFirst().orElseThrow();
        assertThat(head.getText()).contains("no certificate received");
        int row = javafx.scene.layout.GridPane.getRowIndex(head);
        assertThat(robot.lookup(".san-cell").queryAllAs(Label.class).stream()
                .filter(l -> javafx.scene.layout.GridPane.getRowIndex(l) == row).map(Label::getText).toList())
                .isNotEmpty().noneMatch(t -> t.contains("✘ not covered"));
    }

    @Test
    void the_verdict_reads_running_not_no_421_while_a_replay_runs(FxRobot robot) throws Exception {
        awaitLabProbed();
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        Label verdict = robot.lookup("#beforeVerdict").queryAs(Label.class);
        String[] duringRun = new String[2];
        robot.interact(() -> {
            robot.lookup("#replayButton").queryAs(Button.class).fire();
            duringRun[0] = verdict.getText();
            duringRun[1] = vm.replayScreen().headlineProperty().get();
        });
        assertThat(duringRun[0]).isEqualTo("… running");
        assertThat(duringRun[1]).startsWith("… running").doesNotContain("✔");
        awaitIdle("the replay");
        assertThat(verdict.getText()).startsWith("✘");
    }

    @Test
    void a_har_import_without_a_421_is_not_shown_as_a_green_no_421(FxRobot robot) throws Exception {
        awaitLabProbed();
        importFixture(robot, "playwright-chromium.har");
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        Label verdict = robot.lookup("#beforeVerdict").queryAs(Label.class);
        assertThat(verdict.getText()).startsWith("? no 421 seen");
        assertThat(verdict.getPseudoClassStates()).doesNotContain(OK);
        assertThat(vm.replayScreen().headlineProperty().get()).doesNotContain("✔");
    }

    @Test
    void after_try_the_fix_findings_keep_the_421_and_never_say_nothing_to_fix(FxRobot robot) throws Exception {
        awaitLabProbed();
        robot.clickOn(robot.lookup(".app-header").lookup(".button")
                .match((Button b) -> b.getText().contains("Try the fix")).queryAs(Button.class));
        awaitIdle("the two runs of try the fix");
        robot.interact(() -> workbench.view().show(Screen.FINDINGS));
        WaitForAsyncUtils.waitForFxEvents();

        // the list draws the cards in view only: the cards shown are some of the screen's findings, in its order
        List<Finding> cards = robot.lookup(".finding-card").queryAllAs(FindingCard.class).stream()
                .map(FindingCard::getFinding).toList();
        List<Finding> listed = vm.findings().visible();
        assertThat(cards).isNotEmpty();
        assertThat(listed).containsAll(cards);
        assertThat(listed).anySatisfy(f -> assertThat(f.cause()).isEqualTo(FindingCause.MISDIRECTED_REQUEST));
        assertThat(listed).extracting(Finding::fix).noneMatch(fix -> fix.startsWith("Nothing to fix"));
    }

    @Test
    void reproduce_on_the_lab_screen_runs_the_selected_scenario_not_the_loaded_one(FxRobot robot) throws Exception {
        awaitLabProbed();
        ListView<LabScenario> gallery = gallery(robot);
        LabScenario other = gallery.getItems().stream().filter(s -> !s.id().equals(WorkbenchApp.FIRST_SCENARIO))
                .findFirst().orElseThrow();
        robot.interact(() -> gallery.getSelectionModel().select(other));
        robot.clickOn(robot.lookup(".lab-detail-scroll .reproduce-button").queryAs(Button.class));
        FxAwait.until("the selected scenario's session with its run", () -> !vm.runner().runningProperty().get()
                        && !vm.replayScreen().runs().isEmpty(),
                vm.runner().runningProperty(), vm.replayScreen().runs());

        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: " + other.id());
        assertThat(vm.replayScreen().runs()).singleElement().satisfies(r -> assertThat(r.labScenario()).contains(other.id()));
    }

    @Test
    void the_selected_scenario_in_the_lab_gallery_is_drawn_in_the_selection_s_text_colour(FxRobot robot)
            throws Exception {
        awaitLabProbed();
        ListView<LabScenario> gallery = gallery(robot);
        robot.interact(() -> gallery.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListCell<LabScenario> selected = robot.lookup(".lab-gallery .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.isSelected() && !c.isEmpty()).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        ListCell<LabScenario> plain = robot.lookup(".lab-gallery .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> !c.isSelected() && !c.isEmpty()).findFirst().orElseThrow();
        Paint selectedText = ((Label) selected.lookup(".muted")).getTextFill();
        Paint plainText = ((Label) plain.lookup(".muted")).getTextFill();
        assertThat(selectedText).isNotEqualTo(plainText);
        assertThat(contrast((Color) selectedText, (Color) selected.getBackground().getFills().get(
                selected.getBackground().getFills().size() - 1).getFill())).isGreaterThan(3.0);
    }

    /** WCAG contrast ratio of two colours. */
    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    @Test
    void saving_keeps_every_replay_run_and_an_earlier_run_can_be_compared_with_the_latest(FxRobot robot)
            throws Exception {
        awaitLabProbed();
        robot.clickOn(headerReproduce(robot));
        awaitIdle("the reproduce run");
        robot.interact(() -> {
            vm.replayScreen().policyProperty().set(ConnectionPolicy.ISOLATED);
            robot.lookup("#replayButton").queryAs(Button.class).fire();
        });
        awaitIdle("the isolated run");
        Path file = home.resolve("two-runs.misdirect.json");
        robot.interact(() -> files.saveAs(file));
        awaitIdle("the save");
        robot.interact(() -> files.newSession());
        robot.interact(() -> files.open(file));
        FxAwait.until("the reopened session", () -> !vm.runner().runningProperty().get()
                && vm.replayScreen().runs().size() == 2, vm.runner().runningProperty(), vm.replayScreen().runs());

        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        @SuppressWarnings("unchecked")
        ChoiceBox<ReplayRun> compare = robot.lookup("#compareWith").queryAs(ChoiceBox.class);
        assertThat(compare.isDisabled()).isFalse();
        robot.interact(() -> compare.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.replayScreen().comparingProperty().get()).isTrue();
        assertThat(robot.lookup("#beforeVerdict").queryAs(Label.class).getText()).startsWith("✘");
        assertThat(robot.lookup("#afterVerdict").queryAs(Label.class).getText()).isEqualTo("✔ no 421");
        assertThat(robot.lookup("#afterTitle").queryAs(Label.class).getText()).startsWith("Run 2 · isolated");
        assertThat(vm.targetProperty().get()).isEqualTo(SessionTarget.lab(WorkbenchApp.FIRST_SCENARIO));
    }

    @Test
    void a_merged_session_opens_with_a_vantage_column_and_a_filter_by_vantage(FxRobot robot) throws Exception {
        awaitLabProbed();
        Path file = home.resolve("merged.json");
        new dev.misdirect.core.io.SessionCodec().write(dev.misdirect.core.vantage.VantageFixtures.mergedTwo(), file);
        robot.interact(() -> files.open(file));
        awaitIdle("opening the merged session");
        robot.interact(() -> workbench.view().show(Screen.INSPECT));

        @SuppressWarnings("unchecked")
        TableView<HandshakeRow> table = robot.lookup("#handshakes").queryAs(TableView.class);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> filter = robot.lookup("#vantageFilter")
                .queryAs(javafx.scene.control.ComboBox.class);
        assertThat(table.getColumns()).filteredOn(c -> c.getText().equals("Vantage")).singleElement()
                .satisfies(c -> assertThat(c.isVisible()).isTrue());
        assertThat(filter.isVisible()).isTrue();
        assertThat(filter.getItems()).containsExactly("All vantages", "eu", "ap");
        assertThat(table.getItems()).extracting(HandshakeRow::vantage).containsExactly("eu", "ap");

        robot.interact(() -> filter.getSelectionModel().select("ap"));

        assertThat(table.getItems()).extracting(HandshakeRow::vantage).containsExactly("ap");
    }
}
