package dev.misdirect.ui.app;

import dev.misdirect.core.model.CoverageCell;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.timeline.TimelineLayout;
import dev.misdirect.ui.authorities.AuthorityRow;
import dev.misdirect.ui.common.OffFxThread;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.controls.TimelineChart;
import dev.misdirect.ui.controls.TimelineChartSkin;
import dev.misdirect.ui.inspect.HandshakeRow;
import dev.misdirect.ui.shell.Theme;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Robot tests of the whole window on the sample data set, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFxTest {
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService batching = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Thread> probeThread = new AtomicReference<>();
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass BAD = PseudoClass.getPseudoClass("bad");
    private Workbench workbench;
    private WorkbenchViewModel vm;

    @Start
    void start(Stage stage) {
        WorkbenchServices.InspectionService probe = OffFxThread.guard(WorkbenchServices.InspectionService.class,
                (target, set, progress, cancel) -> {
                    probeThread.set(Thread.currentThread());
                    return SampleWorkspace.inspection();
                }, Platform::isFxApplicationThread);
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.of(probe),
                Optional.of((set, results) -> SampleWorkspace.predictions()), Optional.empty(), Optional.empty(),
                Optional.empty());
        workbench = Workbench.create(services, UiExecutor.fx(), work,
                (task, delay) -> batching.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemUTC(), new FakeDialogs(), 1200, 740); // inside Monocle's 1280×800 headless screen
        vm = workbench.viewModel();
        vm.presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
        stage.titleProperty().bind(vm.windowTitleProperty());
        stage.setScene(workbench.scene());
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void stop() {
        work.shutdownNow();
        batching.shutdownNow();
    }

    @Test
    void the_window_is_titled_with_the_session_and_says_it_shows_sample_data(FxRobot robot) {
        assertThat(robot.window(0).getScene().getWindow()).isInstanceOfSatisfying(Stage.class,
                s -> assertThat(s.getTitle()).isEqualTo("Misdirect — " + SampleWorkspace.TITLE));
        assertThat(robot.lookup(".data-notice").queryAs(Label.class).getText()).contains("Sample data");
    }

    @Test
    void the_header_s_tooltips_are_made_on_the_first_hover_and_read_the_notice_and_the_action(FxRobot robot) {
        Label notice = robot.lookup(".data-notice").queryAs(Label.class);
        javafx.scene.control.Button probe = robot.lookup("#probeButton").queryAs(javafx.scene.control.Button.class);
        assertThat(notice.getTooltip()).as("none before a hover: the first frame makes no popup windows").isNull();
        assertThat(probe.getTooltip()).isNull();
        robot.moveTo(notice);
        assertThat(notice.getTooltip()).isNotNull();
        assertThat(notice.getTooltip().getText()).isEqualTo(vm.dataNoticeProperty().get()).contains("Sample data");
        robot.moveTo(probe);
        assertThat(probe.getTooltip().getText()).startsWith("Probe DNS, TCP and TLS of every authority");
    }

    @Test
    void editing_an_authority_into_a_bad_line_marks_it_and_editing_it_back_clears_it(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.AUTHORITIES));
        AuthorityRow first = vm.authorities().rows().get(0);

        editTarget(robot, "bad host!");
        assertThat(first.isValid()).isFalse();
        assertThat(statusCell(robot).getText()).startsWith("✘ ").contains(first.getError());
        assertThat(statusCell(robot).getPseudoClassStates()).contains(BAD).doesNotContain(OK);
        assertThat(vm.authorities().authoritySet().authorities()).hasSize(4);

        editTarget(robot, "a.tenants.lab.test");
        assertThat(first.isValid()).isTrue();
        assertThat(statusCell(robot).getText()).isEqualTo("✔ ok");
        assertThat(statusCell(robot).getPseudoClassStates()).contains(OK).doesNotContain(BAD);
        assertThat(vm.authorities().authoritySet().authorities()).hasSize(5);
    }

    private void editTarget(FxRobot robot, String text) {
        Node cell = robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0 && c.getTableColumn() != null
                && "Authority".equals(c.getTableColumn().getText())).query();
        robot.doubleClickOn(cell);
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableCell<?, ?> statusCell(FxRobot robot) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0
                && c.getTableColumn() != null && "Status".equals(c.getTableColumn().getText())).query();
    }

    @Test
    void a_handshake_s_verdict_cell_is_bad_for_a_name_mismatch_and_ok_for_a_trusted_chain(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.INSPECT));
        TableCell<?, ?> mismatch = verdictCell(robot, "127.0.0.22:443");
        assertThat(mismatch.getText()).isEqualTo("✘ name mismatch");
        assertThat(mismatch.getPseudoClassStates()).contains(BAD).doesNotContain(OK);
        TableCell<?, ?> trusted = verdictCell(robot, "127.0.0.11:443");
        assertThat(trusted.getText()).isEqualTo("✔ trusted");
        assertThat(trusted.getPseudoClassStates()).contains(OK).doesNotContain(BAD);
    }

    private TableCell<?, ?> verdictCell(FxRobot robot, String address) {
        return robot.lookup(".handshake-verdict").match((TableCell<?, ?> c) -> c.getTableRow() != null
                && c.getTableRow().getItem() instanceof HandshakeRow r && r.address().equals(address)).query();
    }

    @Test
    void the_san_matrix_shows_a_not_covered_cell_with_its_reason(FxRobot robot) throws Exception {
        CoverageCell expected = vm.inspect().coverageProperty().get()
                .cell(SampleWorkspace.SHOP, SampleWorkspace.WILDCARD.sha256Fingerprint()).orElseThrow();
        java.util.function.Predicate<Label> shopUncovered = l -> l.getPseudoClassStates().contains(PseudoClass.getPseudoClass("uncovered"))
                && l.getAccessibleText() != null && l.getAccessibleText().startsWith(SampleWorkspace.SHOP + " ")
                && l.getAccessibleText().endsWith(expected.reason());
        // the matrix takes its rows a row per pulse
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".san-cell").match(shopUncovered).tryQuery().isPresent());
        Label cell = robot.lookup(".san-cell").match(shopUncovered).query();
        assertThat(cell.getTooltip()).as("made on the first hover").isNull();
        robot.moveTo(cell);
        assertThat(cell.getTooltip()).isNotNull();
        assertThat(cell.getTooltip().getText()).isEqualTo(expected.reason());
        assertThat(cell.getText()).startsWith("✘ not covered");
        assertThat(expected.covered()).isFalse();
        assertThat(expected.reason()).contains("shop.ingress.lab.test");
        robot.clickOn(cell);
        assertThat(vm.inspect().selectedAuthorityProperty().get()).isEqualTo(SampleWorkspace.SHOP);
    }

    @Test
    void switching_to_the_dark_theme_from_the_view_menu_recolours_the_window(FxRobot robot) {
        Region root = (Region) workbench.scene().getRoot();
        Color lightBackground = (Color) root.getBackground().getFills().get(0).getFill();
        robot.clickOn("View").clickOn("Dark theme");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(root.getStyleClass()).contains("theme-dark").doesNotContain("theme-light");
        Color darkBackground = (Color) root.getBackground().getFills().get(0).getFill();
        assertThat(darkBackground.getBrightness()).isLessThan(lightBackground.getBrightness() - 0.4);
    }

    @Test
    void clicking_the_421_bar_on_the_timeline_shows_sni_a_against_authority_b(FxRobot robot) {
        robot.interact(() -> {
            workbench.view().show(Screen.REPLAY);
            vm.replayScreen().selectedBarProperty().set(null);
        });
        TimelineChart chart = robot.lookup(".timeline-chart").queryAs(TimelineChart.class);
        TimelineChartSkin skin = (TimelineChartSkin) chart.getSkin();
        TimelineLayout.PlacedBar bar = skin.layout().bars().stream().filter(b -> b.bar().misdirected())
                .findFirst().orElseThrow();
        assertThat(skin.layout().flags()).anySatisfy(m -> assertThat(m.marker().exchangeId()).isEqualTo(bar.bar().exchangeId()));
        TimelineLayout.Box box = bar.box();
        Point2D onScreen = chart.localToScreen(box.centerX(), box.centerY());
        robot.clickOn(onScreen);

        assertThat(vm.replayScreen().selectedBarProperty().get()).isEqualTo(bar.bar());
        List<String> details = robot.lookup(".detail-text").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(details).anySatisfy(t -> assertThat(t).contains("SNI a.tenants.lab.test"));
        assertThat(details).anySatisfy(t -> assertThat(t).contains("authority b.tenants.lab.test"));
        assertThat(details).anySatisfy(t -> assertThat(t).contains("answered 421"));
    }

    @Test
    void ctrl_enter_probes_off_the_fx_thread_and_fills_the_screens(FxRobot robot) {
        robot.interact(() -> vm.newSession());
        robot.interact(() -> vm.authorities().paste("a.tenants.lab.test resolve=127.0.0.11"));
        robot.clickOn(".nav-button");
        robot.press(KeyCode.CONTROL).press(KeyCode.ENTER).release(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.runner().runningProperty().get()
                    && vm.inspect().handshakes().size() == 6);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("probe did not finish: " + vm.runner().messageProperty().get(), e);
        }
        assertThat(probeThread.get()).isNotNull();
        assertThat(probeThread.get().getName()).doesNotContain("JavaFX Application Thread");
        assertThat(vm.runner().messageProperty().get()).isEqualTo("Probing 1 authority: done");
    }

    @Test
    void a_guarded_service_called_on_the_fx_thread_fails_instead_of_freezing_the_window(FxRobot robot) {
        WorkbenchServices.PredictionService predict = OffFxThread.guard(WorkbenchServices.PredictionService.class,
                (set, results) -> SampleWorkspace.predictions(), Platform::isFxApplicationThread);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        robot.interact(() -> {
            try {
                predict.predict(SampleWorkspace.authoritySet(), List.of());
            } catch (IllegalStateException e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).hasMessageContaining("must not run on the UI thread");
        assertThat(predict.predict(SampleWorkspace.authoritySet(), List.of())).hasSize(5);
    }

    @Test
    void a_screen_is_built_when_first_shown_and_only_the_shown_screen_is_in_the_scene(FxRobot robot) {
        assertThat(robot.lookup("#timeline").tryQuery()).as("the Replay screen is not built at start").isEmpty();
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        TimelineChart timeline = robot.lookup("#timeline").queryAs(TimelineChart.class);
        assertThat(shown(timeline)).isTrue();
        assertThat(timeline.timelineProperty().isBound()).as("bound to the view-model").isTrue();
        assertThat(robot.lookup(".san-matrix").tryQuery()).as("the Inspect screen left the scene").isEmpty();

        robot.interact(() -> workbench.view().show(Screen.INSPECT));
        assertThat(timeline.getScene()).as("the hidden Replay screen is out of the scene").isNull();
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        assertThat(robot.lookup("#timeline").queryAs(TimelineChart.class)).as("built once, kept").isSameAs(timeline);
    }

    /** Whether the node and all its ancestors are visible, read on the FX thread (the scene graph's own thread). */
    private static boolean shown(Node node) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> shownOnFx(node)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the scene graph on the FX thread", e);
        }
    }

    private static boolean shownOnFx(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
