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
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
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
    private WorkbenchServices services;

    @Start
    void start(Stage stage) {
        WorkbenchServices.InspectionService probe = OffFxThread.guard(WorkbenchServices.InspectionService.class,
                (target, set, tlsSettings, progress, cancel) -> {
                    probeThread.set(Thread.currentThread());
                    return SampleWorkspace.inspection();
                }, Platform::isFxApplicationThread);
        services = new WorkbenchServices(AuthorityParser::parse, Optional.of(probe),
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
        // the shown screen's cell: the screens shown before wait in the window, hidden
        Node cell = robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0 && c.getTableColumn() != null
                && "Authority".equals(c.getTableColumn().getText()) && shownOnFx(c)).query();
        robot.doubleClickOn(cell);
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableCell<?, ?> statusCell(FxRobot robot) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0
                && c.getTableColumn() != null && "Status".equals(c.getTableColumn().getText()) && shownOnFx(c)).query();
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

    @Test
    void ctrl_1_to_6_show_the_screens_in_the_rail_s_order(FxRobot robot) {
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};
        String[] rail = {"#navAuthorities", "#navInspect", "#navCoalescing", "#navReplay", "#navLab", "#navFindings"};
        for (int i = digits.length - 1; i >= 0; i--) {
            robot.press(KeyCode.CONTROL).press(digits[i]).release(digits[i]).release(KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(robot.lookup(rail[i]).queryAs(ToggleButton.class).isSelected()).as("Ctrl+" + (i + 1)).isTrue();
        }
        assertThat(robot.lookup("#table").tryQuery()).as("Ctrl+1 shows Authorities").isPresent();
    }

    @Test
    void tab_leaves_the_plan_s_text_area_and_shift_tab_comes_back_without_inserting_a_tab(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        TitledPane planPane = robot.lookup("#planPane").queryAs(TitledPane.class);
        robot.interact(() -> planPane.setExpanded(true));
        TextArea plan = robot.lookup("#plan").queryAs(TextArea.class);
        String text = plan.getText();
        robot.clickOn(plan);
        assertThat(plan.isFocused()).isTrue();

        robot.type(KeyCode.TAB);
        assertThat(plan.isFocused()).as("Tab moved the focus on").isFalse();
        assertThat(plan.getText()).isEqualTo(text).doesNotContain("\t");
        robot.press(KeyCode.SHIFT).press(KeyCode.TAB).release(KeyCode.TAB).release(KeyCode.SHIFT);
        assertThat(plan.isFocused()).as("Shift+Tab came back").isTrue();
        assertThat(plan.getText()).isEqualTo(text);
    }

    @Test
    void a_focused_button_shows_a_ring_in_the_focus_colour(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        // the screen is built on first show; under load its first layout may land a pulse later
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#fitButton").tryQuery().isPresent());
        Button probe = robot.lookup("#probeButton").queryAs(Button.class);
        Button fit = robot.lookup("#fitButton").queryAs(Button.class);
        robot.interact(fit::requestFocus);
        assertThat(fit.getBackground().getFills()).as("the halo of a plain button's ring is not transparent")
                .anySatisfy(f -> assertThat(f.getFill()).isEqualTo(Color.web("#2b63c966")));
        assertThat(ring(probe)).as("no ring while another control has the focus").isEmpty();
        robot.interact(probe::requestFocus);
        assertThat(ring(probe)).as("an action button's ring").contains(Color.web("#1d4fb0"));
    }

    private static Optional<javafx.scene.paint.Paint> ring(Region r) {
        return r.getBorder() == null || r.getBorder().getStrokes().isEmpty() ? Optional.empty()
                : Optional.of(r.getBorder().getStrokes().get(0).getTopStroke());
    }

    @Test
    void f1_opens_the_guide_on_what_a_421_is_and_the_guide_lists_the_shortcuts(FxRobot robot) {
        robot.clickOn("#navInspect");
        robot.type(KeyCode.F1);
        Stage guide = robot.listTargetWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("Guide")).map(Stage.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no guide window"));
        try {
            TabPane tabs = (TabPane) guide.getScene().getRoot().lookup(".guide");
            assertThat(tabs.getTabs()).extracting(Tab::getText)
                    .containsExactly("What is a 421", "Why clients share connections", "Keyboard shortcuts");
            assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("What is a 421");
            assertThat(text(tabs.getTabs().get(0))).contains("421 Misdirected Request").contains("SNI");
            assertThat(text(tabs.getTabs().get(1))).contains("RFC 9113").contains("certificate");
            assertThat(text(tabs.getTabs().get(2))).contains("Ctrl+4   Replay").contains("Reproduce the 421")
                    .contains("Tab");
        } finally {
            robot.interact(guide::close);
        }
    }

    private static String text(Tab tab) {
        return ((Label) ((ScrollPane) tab.getContent()).getContent().lookup(".guide-text")).getText();
    }

    @Test
    void each_action_has_one_button_on_screen_and_replay_is_called_replay_everywhere(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        List<String> buttons = robot.lookup(".button").queryAllAs(Button.class).stream().filter(WorkbenchFxTest::shownOnFx)
                .map(Button::getText).toList();
        assertThat(buttons.stream().filter(t -> t.contains("Reproduce"))).hasSize(1);
        assertThat(buttons.stream().filter(t -> t.contains("Try the fix"))).hasSize(1);
        assertThat(buttons.stream().filter(t -> t.contains("Cancel"))).hasSize(1);
        assertThat(buttons.stream().filter(t -> t.contains("Replay"))).hasSize(1);
        assertThat(buttons).noneMatch(t -> t.contains("Run"));
        assertThat(robot.lookup("#replayItem").tryQuery()).isEmpty(); // menu items are not nodes; read the menu
        MenuBar menus = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertThat(menus.getMenus().get(1).getItems()).anySatisfy(i -> assertThat(i.getText()).isEqualTo("_Replay"));
    }

    @Test
    void on_replay_the_timeline_takes_the_main_area_and_the_plan_is_folded_away(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.REPLAY));
        TitledPane planPane = robot.lookup("#planPane").queryAs(TitledPane.class);
        TimelineChart chart = robot.lookup("#timeline").queryAs(TimelineChart.class);
        Region screen = robot.lookup(".screen").queryAs(Region.class);
        Region details = robot.lookup("#detailTabs").queryAs(Region.class);
        assertThat(planPane.isExpanded()).as("the plan is folded").isFalse();
        assertThat(planPane.getText()).startsWith("Plan · 3 steps");
        assertThat(chart.getHeight()).as("the timeline is the largest part").isGreaterThan(details.getHeight())
                .isGreaterThan(0.4 * screen.getHeight());
        assertThat(chart.getWidth()).isGreaterThan(0.85 * screen.getWidth());

    }

    @Test
    void at_1024x640_the_replay_screen_shows_every_lane_of_the_run_the_retry_s_too(FxRobot robot) throws Exception {
        Stage small = smallReplayWindow(w -> { });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            TimelineChart chart = (TimelineChart) small.getScene().lookup("#timeline");
            TimelineChartSkin skin = (TimelineChartSkin) chart.getSkin();
            int lanes = dev.misdirect.core.timeline.ConnectionTimeline.of(SampleWorkspace.replay().events()).lanes().size();
            assertThat(lanes).isGreaterThanOrEqualTo(2);
            assertThat(skin.layout().lanes()).hasSize(lanes)
                    .allSatisfy(l -> assertThat(l.box().bottom()).isLessThanOrEqualTo(chart.getHeight()));
        } finally {
            robot.interact(small::close);
        }
    }

    @Test
    void at_1024x640_the_headline_of_two_compared_runs_is_whole_beside_the_compare_chooser(FxRobot robot) throws Exception {
        Stage small = smallReplayWindow(w -> {
            var replay = w.viewModel().replayScreen();
            var broken = SampleWorkspace.replay();
            var isolated = new dev.misdirect.core.model.ReplayRun(broken.planText(),
                    dev.misdirect.core.model.ConnectionPolicy.ISOLATED, true, false, Optional.empty(), true,
                    broken.startedAt(), List.of(), broken.events().subList(0, 7), List.of());
            replay.showRuns(List.of(broken, isolated));
            replay.compare(replay.runs().get(0), replay.runs().get(1));
        });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            Label headline = (Label) small.getScene().lookup("#headline");
            Node chooser = small.getScene().lookup("#compareWith");
            String[] drawn = new String[1];
            javafx.geometry.Bounds[] bounds = new javafx.geometry.Bounds[2];
            robot.interact(() -> {
                drawn[0] = ((javafx.scene.text.Text) headline.lookup(".text")).getText();
                bounds[0] = headline.localToScene(headline.getLayoutBounds());
                bounds[1] = chooser.localToScene(chooser.getLayoutBounds());
            });
            assertThat(headline.getText()).startsWith("Two runs of this session: Run 1").contains("Run 2").hasSizeGreaterThan(90);
            assertThat(drawn[0]).as("the headline is drawn whole, not cut with an ellipsis").isEqualTo(headline.getText());
            assertThat(bounds[0].getMaxX()).as("inside the window").isLessThanOrEqualTo(small.getScene().getWidth());
            assertThat(bounds[0].intersects(bounds[1])).as("the chooser does not cover it").isFalse();
            assertThat(chooser.isVisible()).isTrue();
        } finally {
            robot.interact(small::close);
        }
    }

    @Test
    void at_1024x640_a_long_session_title_gives_way_and_every_header_action_stays_inside_the_window(FxRobot robot)
            throws Exception {
        String title = "Import of chrome-netlog-apache-coalesced-421-from-a-very-long-capture-name.json";
        Stage small = smallReplayWindow(w -> w.viewModel().presentWithNotice(SampleWorkspace.NOTICE, title,
                SampleWorkspace.authoritySet(), SampleWorkspace.inspection(), SampleWorkspace.predictions(),
                Optional.of(SampleWorkspace.replay())));
        try {
            WaitForAsyncUtils.waitForFxEvents();
            double[] right = new double[1];
            String[] text = new String[1];
            robot.interact(() -> {
                Node replay = small.getScene().lookup("#replayButton");
                right[0] = replay.localToScene(replay.getLayoutBounds()).getMaxX();
                text[0] = ((Label) small.getScene().lookup("#sessionLabel")).getText();
            });
            assertThat(text[0]).contains(title);
            assertThat(right[0]).as("the Replay button's right edge").isLessThanOrEqualTo(small.getScene().getWidth());
        } finally {
            robot.interact(small::close);
        }
    }

    /** A 1024×640 window of its own on the Replay screen: the robot's primary stage keeps the size the other tests expect. */
    private Stage smallReplayWindow(java.util.function.Consumer<Workbench> prepare) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Workbench w = Workbench.create(services, UiExecutor.fx(), work,
                    (task, delay) -> batching.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                    Clock.systemUTC(), new FakeDialogs(), 1024, 640);
            w.viewModel().presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                    SampleWorkspace.inspection(), SampleWorkspace.predictions(), Optional.of(SampleWorkspace.replay()));
            prepare.accept(w);
            w.view().show(Screen.REPLAY);
            Stage s = new Stage();
            s.setScene(w.scene());
            s.show();
            return s;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_rule_cut_by_its_column_shows_the_whole_text_in_a_tooltip(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.COALESCING));
        TableCell<?, ?> rule = robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0
                && c.getTableColumn() != null && "Rule".equals(c.getTableColumn().getText())).query();
        robot.interact(() -> rule.getTableColumn().setPrefWidth(60));
        WaitForAsyncUtils.waitForFxEvents();
        robot.moveTo(rule);
        assertThat(rule.getTooltip()).as("the cut rule has a tooltip").isNotNull();
        assertThat(rule.getTooltip().getText()).isEqualTo(rule.getText()).hasSizeGreaterThan(20);

        TableCell<?, ?> decision = robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getIndex() == 0
                && c.getTableColumn() != null && "Decision".equals(c.getTableColumn().getText())).query();
        robot.moveTo(decision);
        assertThat(decision.getTooltip()).as("a text that fits has none").isNull();
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
