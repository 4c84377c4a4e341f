package dev.misdirect.ui.app;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineLayout;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.Verdict;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.controls.TimelineChart;
import dev.misdirect.ui.controls.TimelineChartSkin;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import dev.misdirect.ui.testing.FxAwait;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole window over the REAL engine and the embedded lab started in-process (loopback only): the first-start
 * flow a new user goes through. Headless (Monocle); every wait is on a property change, bounded.
 */
@ExtendWith(ApplicationExtension.class)
class LabWorkbenchFxTest {

    @TempDir
    static Path labHome;

    private LabWindow window;
    private Workbench workbench;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        window = new LabWindow(stage, labHome, new FakeDialogs(), services -> services);
        workbench = window.workbench;
        vm = window.vm;
        window.show(stage);
    }

    @AfterEach
    void stop() {
        window.close();
    }

    private void awaitProbed() throws Exception {
        window.awaitProbed();
    }

    private void awaitIdle(String what) throws Exception {
        window.awaitIdle(what);
    }

    @Test
    void first_start_loads_tenants_wildcard_and_shows_its_real_handshakes(FxRobot robot) throws Exception {
        awaitProbed();
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: tenants-wildcard");
        assertThat(vm.inspect().inspectionProperty().get().results()).extracting(r -> r.authority().host())
                .containsExactlyInAnyOrder("a.tenants.lab.test", "b.tenants.lab.test");
        assertThat(robot.lookup(".data-notice").queryAs(Label.class).getText()).contains("Reproduce the 421");
    }

    @Test
    void reproduce_shows_the_421_on_the_shared_lane_and_a_retry_lane_and_its_details(FxRobot robot) throws Exception {
        awaitProbed();
        robot.clickOn(robot.lookup(".app-header .reproduce-button").queryAs(Button.class));
        awaitIdle("the reproduce run");

        ConnectionTimeline t = vm.replayScreen().timelineProperty().get();
        ConnectionTimeline.Bar misdirected = t.bars().stream().filter(ConnectionTimeline.Bar::misdirected).findFirst()
                .orElseThrow(() -> new AssertionError("no 421 on the timeline: " + t.bars()));
        ConnectionTimeline.Bar retry = t.bars().stream().filter(b -> b.retryOf() == misdirected.exchangeId()).findFirst()
                .orElseThrow(() -> new AssertionError("no retry of the 421"));
        assertThat(retry.connectionId()).as("the retry travels on its own lane").isNotEqualTo(misdirected.connectionId());
        assertThat(vm.replayScreen().verdictProperty().get().verdict()).isEqualTo(Verdict.BAD);
        assertThat(vm.replayScreen().verdictProperty().get().text()).startsWith("✘ 1 × 421");

        TimelineChart chart = robot.lookup("#timeline").queryAs(TimelineChart.class);
        TimelineChartSkin skin = (TimelineChartSkin) chart.getSkin();
        assertThat(skin.layout().flags()).anySatisfy(m -> assertThat(m.marker().kind())
                .isEqualTo(ConnectionTimeline.MarkerKind.MISDIRECTED));
        assertThat(skin.layout().lanes()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(skin.layout().arrows()).as("the retry arrow from the 421 to its retry on the other lane")
                .anySatisfy(a -> {
                    assertThat(a.from().exchangeId()).isEqualTo(misdirected.exchangeId());
                    assertThat(a.to().exchangeId()).isEqualTo(retry.exchangeId());
                    assertThat(a.label().text()).isEqualTo("↻ hidden retry");
                });

        robot.interact(() -> vm.replayScreen().selectedBarProperty().set(null));
        TimelineLayout.PlacedBar bar = skin.layout().bars().stream().filter(b -> b.bar().misdirected()).findFirst()
                .orElseThrow();
        TimelineLayout.Box box = bar.box();
        Point2D onScreen = chart.localToScreen(box.centerX(), box.centerY());
        robot.clickOn(onScreen);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.replayScreen().selectedBarProperty().get()).isEqualTo(bar.bar());
        List<String> details = robot.lookup(".detail-text").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(details).anySatisfy(d -> assertThat(d).contains("SNI a.tenants.lab.test"));
        assertThat(details).anySatisfy(d -> assertThat(d).contains("authority b.tenants.lab.test"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .contains("saw SNI a.tenants.lab.test, authority b.tenants.lab.test").contains("answered 421"));
    }

    @Test
    void the_guided_path_of_tenants_wildcard_walks_story_predict_reproduce_why_fix_one_click_each(FxRobot robot)
            throws Exception {
        walkTheGuidedPath(robot, "tenants-wildcard", "⚠ Reproduce the 421", "✘ 1 × 421", "answered 421");
    }

    @Test
    void the_guided_path_of_sni_passthrough_reproduces_the_misroute_and_shows_the_wrong_backend_s_404(FxRobot robot)
            throws Exception {
        walkTheGuidedPath(robot, "sni-passthrough", "⚠ Reproduce the misroute",
                "✘ 1 misrouted: 404 from the wrong backend", "answered 404");
    }

    /**
     * Clicks each step of {@code scenario}'s guided path on the Lab screen, checking after each that it did its step
     * and that the strip marks it done and the next one current.
     */
    private void walkTheGuidedPath(FxRobot robot, String scenario, String reproduce, String verdict, String serverSaw)
            throws Exception {
        awaitProbed();
        robot.interact(() -> {
            workbench.view().show(Screen.LAB);
            vm.lab().select(scenario);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertStep(robot, "story", "current");
        assertThat(robot.lookup(".app-header .reproduce-button").queryAs(Button.class).getText())
                .as("the header names the scenario's problem").isEqualTo(reproduce);

        robot.clickOn(robot.lookup("#guide-story").queryAs(Button.class));
        assertStep(robot, "story", "done");
        assertStep(robot, "predict", "current");
        assertThat(robot.lookup(".guide-hint").queryAs(Label.class).getText()).startsWith("Step 2 of 5 · Predict");

        robot.clickOn(robot.lookup("#guide-predict").queryAs(Button.class));
        FxAwait.until("the scenario's probe and the Coalescing screen", () -> !vm.runner().runningProperty().get()
                        && vm.screenRequestProperty().get() == Screen.COALESCING,
                vm.runner().runningProperty(), vm.screenRequestProperty());
        assertThat(vm.sessionTitleProperty().get()).isEqualTo("Lab: " + scenario);
        assertThat(vm.coalescing().predictions()).isNotEmpty();

        robot.interact(() -> workbench.view().show(Screen.LAB));
        assertStep(robot, "predict", "done");
        robot.clickOn(robot.lookup("#guide-reproduce").queryAs(Button.class));
        FxAwait.until("the reproducing run", () -> !vm.runner().runningProperty().get()
                        && !vm.replayScreen().runs().isEmpty(),
                vm.runner().runningProperty(), vm.replayScreen().runs());
        assertThat(vm.replayScreen().verdictProperty().get().text()).startsWith(verdict);
        assertThat(vm.replayScreen().verdictProperty().get().verdict()).isEqualTo(Verdict.BAD);

        robot.interact(() -> {
            vm.replayScreen().selectedBarProperty().set(null);
            workbench.view().show(Screen.LAB);
        });
        assertStep(robot, "reproduce", "done");
        robot.clickOn(robot.lookup("#guide-why").queryAs(Button.class));
        WaitForAsyncUtils.waitForFxEvents();
        ConnectionTimeline.Bar selected = vm.replayScreen().selectedBarProperty().get();
        assertThat(selected).as("the exchange the run is about is selected").isNotNull();
        assertThat(selected.misdirected() || selected.misrouted()).isTrue();
        assertThat(vm.screenRequestProperty().get()).isEqualTo(Screen.REPLAY);
        List<String> details = robot.lookup(".detail-text").queryAllAs(Label.class).stream()
                .filter(l -> l.getScene() != null).map(Label::getText).toList();
        assertThat(details).as("the four columns").hasSizeGreaterThanOrEqualTo(4).allSatisfy(d -> assertThat(d).isNotBlank());
        assertThat(details).anySatisfy(d -> assertThat(d).contains(serverSaw));

        robot.interact(() -> workbench.view().show(Screen.LAB));
        assertStep(robot, "why", "done");
        robot.clickOn(robot.lookup("#guide-fix").queryAs(Button.class));
        FxAwait.until("the two runs of the fix", () -> !vm.runner().runningProperty().get()
                        && vm.replayScreen().comparingProperty().get(),
                vm.runner().runningProperty(), vm.replayScreen().comparingProperty());
        assertThat(vm.replayScreen().afterVerdictProperty().get().verdict()).isEqualTo(Verdict.OK);

        robot.interact(() -> workbench.view().show(Screen.LAB));
        for (String step : List.of("story", "predict", "reproduce", "why", "fix")) {
            assertStep(robot, step, "done");
        }
        assertThat(robot.lookup(".guide-hint").queryAs(Label.class).getText()).startsWith("✔ Path done");
    }

    private static void assertStep(FxRobot robot, String step, String state) {
        WaitForAsyncUtils.waitForFxEvents();
        Button b = robot.lookup("#guide-" + step).queryAs(Button.class);
        assertThat(b.getPseudoClassStates()).as("step %s", step).contains(PseudoClass.getPseudoClass(state));
        assertThat(b.getText()).startsWith(state.equals("done") ? "✔ " : state.equals("current") ? "▶ " : "");
    }

    @Test
    void the_isolated_policy_replays_the_same_plan_without_a_421(FxRobot robot) throws Exception {
        awaitProbed();
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        @SuppressWarnings("unchecked")
        ChoiceBox<ConnectionPolicy> policy = robot.lookup("#policy").queryAs(ChoiceBox.class);
        robot.interact(() -> policy.setValue(ConnectionPolicy.ISOLATED));
        robot.clickOn(robot.lookup("#replayButton").queryAs(Button.class));
        awaitIdle("the isolated run");

        ConnectionTimeline t = vm.replayScreen().timelineProperty().get();
        assertThat(t.bars()).hasSize(3);
        assertThat(t.misdirectedCount()).isZero();
        assertThat(vm.replayScreen().verdictProperty().get()).isEqualTo(VerdictText.ok("✔ no 421"));
    }

    @Test
    void try_the_fix_shows_the_broken_run_beside_a_clean_one(FxRobot robot) throws Exception {
        awaitProbed();
        robot.clickOn(robot.lookup(".app-header").lookup(".button").match((Button b) -> b.getText().contains("Try the fix"))
                .queryAs(Button.class));
        awaitIdle("the two runs of try the fix");

        assertThat(vm.replayScreen().comparingProperty().get()).isTrue();
        assertThat(vm.replayScreen().timelineProperty().get().misdirectedCount()).isPositive();
        assertThat(vm.replayScreen().afterTimelineProperty().get().bars()).hasSize(3);
        assertThat(vm.replayScreen().afterTimelineProperty().get().misdirectedCount()).isZero();
        Label after = robot.lookup("#afterVerdict").queryAs(Label.class);
        assertThat(after.isVisible()).isTrue();
        assertThat(after.getText()).isEqualTo("✔ no 421");
        assertThat(after.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("ok"))
                .doesNotContain(PseudoClass.getPseudoClass("bad"));
        Label before = robot.lookup("#beforeVerdict").queryAs(Label.class);
        assertThat(before.getText()).startsWith("✘");
        assertThat(before.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("bad"))
                .doesNotContain(PseudoClass.getPseudoClass("ok"));
    }

    @Test
    void the_lab_screen_draws_the_diagram_and_logs_what_the_origins_saw(FxRobot robot) throws Exception {
        awaitProbed();
        robot.interact(() -> workbench.view().show(Screen.LAB));
        List<String> arrows = robot.lookup(".diagram-arrow-label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(arrows).anySatisfy(a -> assertThat(a).contains(":authority b.tenants.lab.test").contains("✘ 421"));
        assertThat(arrows).anySatisfy(a -> assertThat(a).contains("SNI a.tenants.lab.test").contains("✔ 200"));

        robot.clickOn(robot.lookup(".lab-detail-scroll .reproduce-button").queryAs(Button.class));
        awaitIdle("the reproduce run");
        FxAwait.until("the server log rows", () -> vm.lab().serverLog().stream().anyMatch(r -> r.status() == 421),
                vm.lab().serverLog());
        // "Reproduce" opened the Replay screen; the log's rows are in the Lab screen's table while it is shown
        robot.interact(() -> workbench.view().show(Screen.LAB));
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<dev.misdirect.ui.common.ServedRow> log =
                robot.lookup(".server-log").queryAs(javafx.scene.control.TableView.class);
        assertThat(log.getItems()).anySatisfy(r -> {
            assertThat(r.status()).isEqualTo(421);
            assertThat(r.sni()).isEqualTo("a.tenants.lab.test");
            assertThat(r.authority()).startsWith("b.tenants.lab.test");
        });
    }
}
