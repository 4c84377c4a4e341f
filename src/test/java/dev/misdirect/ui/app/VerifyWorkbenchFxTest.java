package dev.misdirect.ui.app;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.report.ClientGroups.ClientGroup;
import dev.misdirect.testing.Fixtures;
import dev.misdirect.ui.coalescing.PairRow;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.controls.PairMatrix;
import dev.misdirect.ui.controls.PairMatrixSkin;
import dev.misdirect.ui.files.FileMenu;
import dev.misdirect.ui.files.FilesViewModel;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import dev.misdirect.ui.testing.FxAwait;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
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
 * Robot tests of Verify on the Coalescing screen over the real engine, the real file services and the embedded lab
 * (loopback only): the pairs × verdict matrix, measured rows, grouped clients, the offer after an import, and the
 * run kept in the session. Headless (Monocle); every wait is on a property.
 */
@ExtendWith(ApplicationExtension.class)
class VerifyWorkbenchFxTest {
    private static final PseudoClass MISROUTED = PseudoClass.getPseudoClass("misrouted");
    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused-421");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

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
    private FileWiring wiring;

    @Start
    void start(Stage stage) {
        window = new LabWindow(stage, labHome, dialogs, engine -> {
            wiring = new FileWiring(home, autosaveTimer, Duration.ofHours(1), Clock.systemUTC(),
                    Platform::isFxApplicationThread);
            return wiring.complete(engine);
        });
        workbench = window.workbench;
        vm = window.vm;
        files = new FilesViewModel(vm, window.services.sessions(), window.services.reports(), wiring.fileServices(),
                dialogs);
        FileMenu.install(files, dialogs, workbench.scene(), uri -> { });
        window.show(stage);
    }

    @AfterEach
    void stop() {
        window.close();
        autosaveTimer.shutdownNow();
    }

    /** Loads {@code scenario} as the session, probed, with Coalescing shown. */
    private void loadScenario(FxRobot robot, String scenario) throws Exception {
        window.awaitProbed();
        if (!scenario.equals(WorkbenchApp.FIRST_SCENARIO)) {
            robot.interact(() -> vm.loadLab(scenario));
            FxAwait.until(scenario + " loaded and probed", () -> vm.sessionTitleProperty().get().equals("Lab: " + scenario)
                            && !vm.runner().runningProperty().get(),
                    vm.sessionTitleProperty(), vm.runner().runningProperty());
        }
        robot.interact(() -> workbench.view().show(Screen.COALESCING));
    }

    private VerifyRun clickVerify(FxRobot robot) throws Exception {
        int before = vm.coalescing().verifications().size();
        Button verify = robot.lookup("#verifyButton").queryAs(Button.class);
        assertThat(verify.isDisabled()).isFalse();
        robot.clickOn(verify);
        FxAwait.until("the verify run", () -> vm.coalescing().verifications().size() > before
                && !vm.runner().runningProperty().get(), vm.coalescing().verifications(), vm.runner().runningProperty());
        return vm.coalescing().latest().orElseThrow();
    }

    private PairMatrixSkin matrixSkin(FxRobot robot) {
        return (PairMatrixSkin) robot.lookup(".pair-matrix").queryAs(PairMatrix.class).getSkin();
    }

    @Test
    void verify_on_sni_passthrough_shows_a_misrouted_cell_and_both_answers_side_by_side(FxRobot robot) throws Exception {
        loadScenario(robot, "sni-passthrough");
        robot.interact(() -> vm.unsavedProperty().set(false));
        VerifyRun run = clickVerify(robot);

        assertThat(run.pairs()).isNotEmpty().allSatisfy(p -> assertThat(p.verdict()).isEqualTo(PairVerdict.MISROUTED));
        PairVerification first = run.pairs().get(0);
        Label cell = matrixSkin(robot).cell(first.carrier(), first.passenger()).orElseThrow();
        assertThat(cell.getText()).isEqualTo("✘ misrouted");
        assertThat(cell.getPseudoClassStates()).contains(MISROUTED);

        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cell.getPseudoClassStates()).contains(SELECTED);
        assertThat(robot.lookup("#carriedAnswer").queryAs(TextArea.class).getText())
                .contains("SNI " + first.carried().orElseThrow().sni(), "Status 404");
        assertThat(robot.lookup("#ownAnswer").queryAs(TextArea.class).getText()).contains("Status 200");
        assertThat(robot.lookup("#pairReason").queryAs(Label.class).getText()).startsWith("misrouted: ")
                .contains("status 404 instead of 200");
        assertThat(vm.unsavedProperty().get()).as("a verify run is a change to save").isTrue();
        assertThat(vm.findings().visible()).anyMatch(f -> f.cause() == FindingCause.MISROUTED);
    }

    @Test
    void verify_on_tenants_wildcard_shows_refused_421_cells_and_the_pairs_table_says_measured(FxRobot robot)
            throws Exception {
        loadScenario(robot, WorkbenchApp.FIRST_SCENARIO);
        VerifyRun run = clickVerify(robot);

        assertThat(run.pairs()).isNotEmpty().allSatisfy(p -> assertThat(p.verdict()).isEqualTo(PairVerdict.REFUSED_421));
        for (PairVerification p : run.pairs()) {
            assertThat(matrixSkin(robot).cell(p.carrier(), p.passenger()).orElseThrow().getPseudoClassStates())
                    .contains(REFUSED);
        }
        @SuppressWarnings("unchecked")
        TableView<PairRow> pairs = robot.lookup("#pairs").queryAs(TableView.class);
        assertThat(pairs.getItems()).filteredOn(r -> r.decision().equals("⇄ shared")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.risk()).isEqualTo("⚠ measured 421 (refused)"));
    }

    @Test
    void ctrl_shift_p_verifies_from_another_screen_and_the_run_menu_lists_it_with_its_shortcut(FxRobot robot)
            throws Exception {
        loadScenario(robot, WorkbenchApp.FIRST_SCENARIO);
        robot.interact(() -> workbench.view().show(Screen.INSPECT));
        javafx.scene.control.MenuItem item = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class)
                .getMenus().stream().flatMap(m -> m.getItems().stream())
                .filter(i -> "verifyItem".equals(i.getId())).findFirst().orElseThrow();
        assertThat(item.getText()).isEqualTo("_Verify shared pairs");
        assertThat(item.getAccelerator().getDisplayText()).contains("P");

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        FxAwait.until("the verify run", () -> vm.coalescing().latest().isPresent() && !vm.runner().runningProperty().get(),
                vm.coalescing().latestProperty(), vm.runner().runningProperty());
        assertThat(robot.lookup("#navCoalescing").queryAs(javafx.scene.control.ToggleButton.class).isSelected())
                .as("the run is shown on Coalescing").isTrue();
    }

    @Test
    void arrow_keys_move_the_matrix_selection_from_cell_to_cell(FxRobot robot) throws Exception {
        loadScenario(robot, WorkbenchApp.FIRST_SCENARIO);
        VerifyRun run = clickVerify(robot);
        assertThat(run.pairs()).hasSizeGreaterThanOrEqualTo(2);
        PairVerification before = vm.coalescing().selectedPairProperty().get();

        robot.clickOn(matrixSkin(robot).cell(before.carrier(), before.passenger()).orElseThrow());
        robot.type(KeyCode.DOWN);
        PairVerification after = vm.coalescing().selectedPairProperty().get();

        assertThat(after.carrier()).isNotEqualTo(before.carrier());
        assertThat(matrixSkin(robot).cell(after.carrier(), after.passenger()).orElseThrow().getPseudoClassStates())
                .contains(SELECTED);
        String passengerHost = after.passenger().substring(0, after.passenger().lastIndexOf(':'));
        assertThat(robot.lookup("#ownAnswer").queryAs(TextArea.class).getText()).contains("SNI " + passengerHost);
    }

    @Test
    void clients_that_decide_alike_are_one_row_listing_the_clients(FxRobot robot) throws Exception {
        loadScenario(robot, WorkbenchApp.FIRST_SCENARIO);
        @SuppressWarnings("unchecked")
        ListView<ClientGroup> list = robot.lookup("#policies").queryAs(ListView.class);
        List<CoalescingPrediction> predictions = vm.coalescing().predictions();

        assertThat(list.getItems()).hasSizeLessThan(predictions.size());
        assertThat(list.getItems()).anySatisfy(g -> assertThat(g.members()).hasSizeGreaterThan(1));
        // every client is in exactly one row
        assertThat(list.getItems().stream().flatMap(g -> g.members().stream()).map(CoalescingPrediction::policy))
                .containsExactlyInAnyOrderElementsOf(predictions.stream().map(CoalescingPrediction::policy).toList());
        ClientGroup several = list.getItems().stream().filter(g -> g.members().size() > 1).findFirst().orElseThrow();
        robot.interact(() -> list.getSelectionModel().select(several));
        String headline = robot.lookup("#headline").queryAs(Label.class).getText();
        assertThat(headline).startsWith(several.clients() + ":");
        assertThat(several.members()).allSatisfy(p -> assertThat(headline).contains(p.client()));
    }

    @Test
    void an_imported_netlog_whose_coalesced_requests_were_answered_offers_to_verify_exactly_those_pairs(FxRobot robot)
            throws Exception {
        window.awaitProbed();
        robot.interact(() -> files.importFile(Fixtures.file("chrome-netlog-control-coalesced-200.json")));
        window.awaitIdle("the import");
        List<dev.misdirect.core.model.ProbeResult> captured = vm.inspect().inspectionProperty().get().results();
        robot.interact(() -> workbench.view().show(Screen.COALESCING));

        HBox banner = robot.lookup(".verify-offer").queryAs(HBox.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(robot.lookup("#offerLabel").queryAs(Label.class).getText())
                .startsWith("1 coalesced pair was answered (b.lab.test:8444 on a.lab.test:8444's connection)")
                .contains("cannot tell a right answer from another site's page");
        assertThat(vm.runner().messageProperty().get()).contains("1 coalesced pair was answered: verify on Coalescing");

        // the capture's addresses are loopback (127.0.1.1:8444), where nothing listens now: the pair is untested,
        // with the reason, and no other pair is sent
        robot.clickOn(robot.lookup("#offerButton").queryAs(Button.class));
        FxAwait.until("the verify run", () -> !vm.coalescing().verifications().isEmpty()
                && !vm.runner().runningProperty().get(), vm.coalescing().verifications(), vm.runner().runningProperty());
        VerifyRun run = vm.coalescing().latest().orElseThrow();
        assertThat(run.labScenario()).as("the real network, not the lab").isEmpty();
        assertThat(run.pairs()).allSatisfy(p -> {
            assertThat(p.carrier()).isEqualTo("a.lab.test:8444");
            assertThat(p.passenger()).isEqualTo("b.lab.test:8444");
        }).isNotEmpty();
        assertThat(banner.isVisible()).as("the offer is taken").isFalse();
        assertThat(vm.inspect().inspectionProperty().get().results()).as("Inspect keeps what the capture saw")
                .isEqualTo(captured);
    }

    @Test
    void a_lab_session_without_coalesced_answers_makes_no_offer(FxRobot robot) throws Exception {
        loadScenario(robot, WorkbenchApp.FIRST_SCENARIO);
        assertThat(robot.lookup(".verify-offer").queryAs(HBox.class).isVisible()).isFalse();
        assertThat(vm.coalescing().offered()).isEmpty();
    }

    @Test
    void a_saved_session_keeps_its_verify_runs_and_opening_it_shows_the_matrix_again(FxRobot robot) throws Exception {
        loadScenario(robot, "sni-passthrough");
        VerifyRun run = clickVerify(robot);
        Path file = home.resolve("verified.misdirect.json");
        robot.interact(() -> files.saveAs(file));
        window.awaitIdle("the save");
        Session saved = wiring.sessionStore().load(file);
        assertThat(saved.verifications()).containsExactly(run);
        assertThat(saved.predictions()).flatMap(CoalescingPrediction::pairs)
                .anyMatch(d -> d.measured().filter(v -> v == PairVerdict.MISROUTED).isPresent());

        robot.interact(() -> files.newSession());
        assertThat(vm.coalescing().latest()).isEmpty();
        robot.interact(() -> files.open(file));
        FxAwait.until("the session opened", () -> vm.coalescing().latest().isPresent()
                && !vm.runner().runningProperty().get(), vm.coalescing().latestProperty(), vm.runner().runningProperty());
        assertThat(vm.coalescing().latest()).contains(run);
        PairVerification first = run.pairs().get(0);
        assertThat(matrixSkin(robot).cell(first.carrier(), first.passenger()).orElseThrow().getPseudoClassStates())
                .contains(MISROUTED);
    }
}
