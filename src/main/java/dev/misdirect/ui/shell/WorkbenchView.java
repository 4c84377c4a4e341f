package dev.misdirect.ui.shell;

import dev.misdirect.ui.authorities.AuthoritiesView;
import dev.misdirect.ui.coalescing.CoalescingView;
import dev.misdirect.ui.common.HoverTooltip;
import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.FxmlViews;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.findings.FindingsView;
import dev.misdirect.ui.inspect.InspectView;
import dev.misdirect.ui.lab.LabView;
import dev.misdirect.ui.replay.ReplayView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The main window's content: menus, header, navigation rail, screens (each from its FXML), status bar. */
public final class WorkbenchView {
    private final WorkbenchViewModel vm;
    private final FxmlViews views;
    private final DialogService dialogs;
    private final ErrorLog errors;
    private final Map<Screen, ToggleButton> navButtons = new EnumMap<>(Screen.class);
    private final Map<Screen, Class<?>> screenViews = new EnumMap<>(Screen.class);
    private final Map<Screen, Parent> screens = new EnumMap<>(Screen.class);
    private final ToggleGroup nav = new ToggleGroup();
    private final ToggleGroup themes = new ToggleGroup();
    /** The screens' names, as the rail and the View menu write them. */
    private static final Map<Screen, String> SCREEN_NAMES = new EnumMap<>(Map.of(Screen.AUTHORITIES, "Authorities",
            Screen.INSPECT, "Inspect", Screen.COALESCING, "Coalescing", Screen.REPLAY, "Replay", Screen.LAB, "Lab",
            Screen.FINDINGS, "Findings"));

    private BorderPane root;
    private MenuBar menuBar;
    private MenuItem probeItem;
    private MenuItem replayItem;
    private MenuItem verifyItem;
    private MenuItem cancelItem;
    private RadioMenuItem lightItem;
    private RadioMenuItem darkItem;
    private Label sessionLabel;
    /** The narrowest the session title gets before the window stops fitting: room for "Session: " and a few letters. */
    private static final double SESSION_TITLE_MIN_WIDTH = 160;
    private Label noticeLabel;
    private Button probeButton;
    private Button replayButton;
    private Button reproduceButton;
    private Button tryFixButton;
    private StackPane content;
    private StatusBar statusBar;

    /**
     * Builds the window's content (in code: the shell is on the way to the first window, and building it directly is
     * cheaper than parsing and reflecting over FXML) and wires it to the view-model. FX thread.
     *
     * @param views loads the screens' FXML when they are first shown
     */
    public WorkbenchView(WorkbenchViewModel vm, FxmlViews views, DialogService dialogs, ErrorLog errors) {
        this.vm = vm;
        this.views = views;
        this.dialogs = dialogs;
        this.errors = errors;
        build();
        initialize();
    }

    private void build() {
        MenuItem quit = item(null, "_Quit", "Shortcut+Q");
        quit.setOnAction(e -> onQuit());
        Menu file = new Menu("_File", null, item("newItem", "_New session", "Shortcut+N"),
                item("openItem", "_Open…", "Shortcut+O"), withId(new Menu("Open _recent"), "recentMenu"),
                item("saveItem", "_Save", "Shortcut+S"), item("saveAsItem", "Save _as…", "Shortcut+Shift+S"),
                new SeparatorMenuItem(), item("importItem", "_Import…", "Shortcut+I"),
                item("pasteCurlItem", "_Paste curl command…", "Shortcut+Shift+V"),
                item("exportItem", "_Export…", "Shortcut+E"), new SeparatorMenuItem(), quit);
        // the File items are wired by dev.misdirect.ui.files.FileMenu
        probeItem = action(item("probeItem", "_Probe authorities", "Shortcut+Enter"), this::onProbe);
        replayItem = action(item("replayItem", "_Replay", "Shortcut+R"), this::onReplay);
        verifyItem = action(item("verifyItem", "_Verify shared pairs", "Shortcut+Shift+P"), this::onVerify);
        cancelItem = action(item("cancelItem", "_Cancel", "Esc"), this::onCancel);
        Menu run = new Menu("_Run", null, probeItem, replayItem, verifyItem, new SeparatorMenuItem(),
                action(item(null, "Reproduce the _421", "Shortcut+Shift+R"), this::onReproduce),
                action(item(null, "Try the _fix", "Shortcut+Shift+F"), this::onTryFix), new SeparatorMenuItem(),
                cancelItem);
        lightItem = action(withId(new RadioMenuItem("_Light theme"), "lightItem"), this::onLight);
        darkItem = action(withId(new RadioMenuItem("_Dark theme"), "darkItem"), this::onDark);
        Menu view = new Menu("_View", null);
        for (Screen screen : Screen.values()) {
            view.getItems().add(action(item("go" + screen.name(), SCREEN_NAMES.get(screen),
                    "Shortcut+" + (screen.ordinal() + 1)), () -> show(screen)));
        }
        view.getItems().addAll(new SeparatorMenuItem(), lightItem, darkItem, new SeparatorMenuItem(),
                action(item(null, "Error _log…", null), this::onErrorLog));
        Menu help = new Menu("_Help", null,
                action(item("guideItem", Guide.Topic.WHAT_IS_A_421.title, "F1"), () -> onGuide(Guide.Topic.WHAT_IS_A_421)),
                action(item(null, Guide.Topic.SHARED_CONNECTIONS.title, null), () -> onGuide(Guide.Topic.SHARED_CONNECTIONS)),
                action(item(null, Guide.Topic.SHORTCUTS.title, null), () -> onGuide(Guide.Topic.SHORTCUTS)),
                new SeparatorMenuItem(), action(item(null, "_About Misdirect", null), this::onAbout));
        menuBar = withId(new MenuBar(file, run, view, help), "menuBar");

        sessionLabel = withId(styled(new Label(), "app-title"), "sessionLabel");
        noticeLabel = withId(styled(new Label(), "data-notice"), "noticeLabel");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        reproduceButton = button("reproduceButton", "⚠ Reproduce the 421", this::onReproduce, "action-button",
                "reproduce-button");
        tryFixButton = button("tryFixButton", "✔ Try the fix", this::onTryFix);
        probeButton = button("probeButton", "▶ Probe", this::onProbe, "action-button");
        replayButton = button("replayButton", "↻ Replay", this::onReplay, "action-button");
        // one place per action: these four here, Cancel in the status bar (and Esc)
        HBox header = styled(new HBox(sessionLabel, noticeLabel, spacer, reproduceButton, tryFixButton,
                new Separator(Orientation.VERTICAL), probeButton, replayButton), "app-header");

        navButton(Screen.AUTHORITIES, "navAuthorities", "☰  ");
        navButton(Screen.INSPECT, "navInspect", "◉  ");
        navButton(Screen.COALESCING, "navCoalescing", "⇄  ");
        navButton(Screen.REPLAY, "navReplay", "↻  ");
        navButton(Screen.LAB, "navLab", "⚗  ");
        navButton(Screen.FINDINGS, "navFindings", "⚠  ");
        VBox rail = styled(new VBox(navButtons.values().toArray(Node[]::new)), "nav-rail");

        content = withId(new StackPane(), "content");
        statusBar = withId(new StatusBar(), "statusBar");
        // children in reading order (top, left, centre, bottom): focus traversal and the first focus follow it
        root = withId(styled(new BorderPane(), "workbench"), "root");
        root.setTop(new VBox(menuBar, header));
        root.setLeft(rail);
        root.setCenter(content);
        root.setBottom(statusBar);
    }

    private static MenuItem item(String id, String text, String accelerator) {
        MenuItem item = new MenuItem(text);
        if (id != null) {
            item.setId(id);
        }
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.valueOf(accelerator));
        }
        return item;
    }

    private static <M extends MenuItem> M action(M item, Runnable action) {
        item.setOnAction(e -> action.run());
        return item;
    }

    private static <M extends MenuItem> M withId(M item, String id) {
        item.setId(id);
        return item;
    }

    private static <N extends Node> N withId(N node, String id) {
        node.setId(id);
        return node;
    }

    private static <N extends Node> N styled(N node, String... styleClasses) {
        node.getStyleClass().addAll(styleClasses);
        return node;
    }

    private static Button button(String id, String text, Runnable action, String... styleClasses) {
        Button b = withId(styled(new Button(text), styleClasses), id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void navButton(Screen screen, String id, String icon) {
        ToggleButton button = withId(styled(new ToggleButton(icon + SCREEN_NAMES.get(screen)), "nav-button"), id);
        button.setUserData(screen);
        button.setToggleGroup(nav);
        navButtons.put(screen, button);
    }

    /** The selected scenario's problem: "the 421", or "the misroute" for a scenario that misroutes instead. */
    private String problem() {
        return java.util.Optional.ofNullable(vm.lab().selectedProperty().get())
                .map(dev.misdirect.ui.common.LabScenario::problem).orElse("the 421");
    }

    private void initialize() {
        // each screen is built the first time it is shown: the window opens with none, its first is shown after that
        screenViews.put(Screen.AUTHORITIES, AuthoritiesView.class);
        screenViews.put(Screen.INSPECT, InspectView.class);
        screenViews.put(Screen.COALESCING, CoalescingView.class);
        screenViews.put(Screen.REPLAY, ReplayView.class);
        screenViews.put(Screen.LAB, LabView.class);
        screenViews.put(Screen.FINDINGS, FindingsView.class);
        vm.screenRequestProperty().addListener((o, was, now) -> {
            if (now != null) {
                show(now);
            }
        });
        // the actions keep their full labels; the notice gives way (it ends in an ellipsis)
        for (javafx.scene.control.Control c : List.of(reproduceButton, tryFixButton, probeButton, replayButton)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        noticeLabel.setMinWidth(0);
        // a long session title (an import's file name) gives way too, whole on hover, so the window fits 1024 wide
        sessionLabel.setMinWidth(SESSION_TITLE_MIN_WIDTH);
        HoverTooltip.install(sessionLabel, sessionLabel::getText, 0);
        // tooltips made on the first hover: each is a popup window with a scene of its own, not needed for the first frame
        HoverTooltip.install(noticeLabel, vm.dataNoticeProperty()::get, 0);
        reproduceButton.disableProperty().bind(vm.canReproduceProperty().not());
        tryFixButton.disableProperty().bind(vm.canReproduceProperty().not());
        // a scenario that misroutes has no 421 to reproduce: the button names its problem
        reproduceButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "⚠ Reproduce "
                + problem(), vm.lab().selectedProperty()));
        HoverTooltip.install(reproduceButton, () -> "Replay the scenario selected in the Lab with the client policy that gets "
                + ("the 421".equals(problem()) ? "a 421" : "a misrouted answer") + " (Ctrl+Shift+R)", 0);
        HoverTooltip.install(tryFixButton, () -> "Replay it as broken and with its fix, side by side (Ctrl+Shift+F)", 0);
        HoverTooltip.install(replayButton, () -> "Replay the plan with the Replay screen's settings (Ctrl+R)", 0);
        root.addEventFilter(KeyEvent.KEY_PRESSED, WorkbenchView::tabLeavesTextArea);
        nav.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                nav.selectToggle(was); // the rail always shows one screen
                return;
            }
            // only the shown screen is in the window, and a prepared one until its first show (hidden): a hidden
            // screen in the window would lay out again whenever its data changed
            Parent view = screen((Screen) now.getUserData());
            // the screen shown before leaves; a prepared one (hidden until its first show) stays
            content.getChildren().removeIf(c -> c != view && c.isVisible());
            view.setVisible(true);
            if (!content.getChildren().contains(view)) {
                content.getChildren().add(view);
            }
        });
        vm.findings().linkedAuthorityProperty().addListener((o, was, key) -> {
            if (key != null) {
                show(Screen.INSPECT);
            }
        });

        sessionLabel.textProperty().bind(Bindings.concat("Session: ", vm.sessionTitleProperty()));
        noticeLabel.textProperty().bind(Bindings.concat("ℹ ", vm.dataNoticeProperty()));
        noticeLabel.visibleProperty().bind(vm.dataNoticeProperty().isNotEmpty());
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());

        probeButton.disableProperty().bind(vm.canProbeProperty().not());
        probeItem.disableProperty().bind(vm.canProbeProperty().not());
        HoverTooltip.install(probeButton, () -> vm.probeUnavailableProperty().get().isEmpty()
                ? "Probe DNS, TCP and TLS of every authority (Ctrl+Enter)" : vm.probeUnavailableProperty().get(), 0);
        replayButton.disableProperty().bind(vm.replayScreen().canRunProperty().not());
        replayItem.disableProperty().bind(vm.replayScreen().canRunProperty().not());
        cancelItem.disableProperty().bind(vm.runner().runningProperty().not());
        verifyItem.disableProperty().bind(vm.canVerifyProperty().not());

        lightItem.setToggleGroup(themes);
        darkItem.setToggleGroup(themes);
        vm.themeProperty().addListener((o, was, now) -> applyTheme(now));
        applyTheme(vm.themeProperty().get());

        statusBar.textProperty().bind(vm.runner().messageProperty());
        statusBar.progressProperty().bind(Bindings.when(vm.runner().runningProperty())
                .then(vm.runner().progressProperty()).otherwise(0.0));
        Button statusCancel = new Button("Cancel");
        statusCancel.disableProperty().bind(vm.runner().runningProperty().not());
        statusCancel.setOnAction(e -> vm.cancel());
        statusBar.getRightItems().add(statusCancel);
    }

    /**
     * Tab moves the focus on, out of a text area too (a text area would insert a tab and keep the focus): the key is
     * handed to the area as Ctrl+Tab, which its behaviour turns into the focus traversal.
     */
    private static void tabLeavesTextArea(KeyEvent e) {
        if (e.getCode() == KeyCode.TAB && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()
                && e.getTarget() instanceof TextArea area) {
            e.consume();
            area.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, e.isShiftDown(), true, false, false));
        }
    }

    /** The screen's view, loaded from its FXML on first use. */
    private Parent screen(Screen screen) {
        return screens.computeIfAbsent(screen, s -> views.load(screenViews.get(s)).root());
    }

    private void applyTheme(Theme theme) {
        for (Theme t : Theme.values()) {
            root.getStyleClass().remove(t.styleClass());
        }
        root.getStyleClass().add(theme.styleClass());
        (theme == Theme.DARK ? darkItem : lightItem).setSelected(true);
    }

    /**
     * Builds {@code screen} without showing it: it waits in the window hidden, styled, laid out and painted once
     * off screen (a snapshot), so that its first show only makes it visible. Moving a screen into the window styles
     * every node of it again, and the first painting of a screen's text and shapes takes the software renderer as
     * long again. Nothing when it was built already. Its cost falls where this is called (about 100–300 ms for
     * Replay, on the UI thread).
     */
    public void prepare(Screen screen) {
        if (screens.containsKey(screen)) {
            return;
        }
        Parent view = screen(screen);
        content.getChildren().add(0, view);
        view.applyCss();
        content.layout(); // at the content area's size, as when shown
        view.snapshot(new SnapshotParameters(), null); // painted once, never on screen: hidden again before a pulse
        view.setVisible(false);
    }

    /** Shows {@code screen} and selects its rail button (also for tests and the composition root). */
    public void show(Screen screen) {
        nav.selectToggle(navButtons.get(screen));
    }

    public Parent root() {
        return root;
    }

    private void onQuit() {
        root.getScene().getWindow().hide();
    }

    private void onProbe() {
        if (vm.probe()) {
            show(Screen.INSPECT);
        }
    }

    private void onReplay() {
        if (vm.runReplay()) {
            show(Screen.REPLAY);
        }
    }

    private void onVerify() {
        vm.verify();
    }

    private void onReproduce() {
        vm.reproduce();
    }

    private void onTryFix() {
        vm.tryFix();
    }

    private void onCancel() {
        vm.cancel();
    }

    private void onLight() {
        vm.themeProperty().set(Theme.LIGHT);
    }

    private void onDark() {
        vm.themeProperty().set(Theme.DARK);
    }

    private void onAbout() {
        dialogs.showInfo("About Misdirect", "Misdirect", vm.aboutText());
    }

    private void onGuide(Guide.Topic topic) {
        window("Guide — Misdirect", Guide.content(topic, menuBar), 680, 460);
    }

    /** A window of the workbench's own beside the main one, in its theme. */
    private void window(String title, Node content, double width, double height) {
        Stage stage = new Stage();
        stage.initOwner(root.getScene().getWindow());
        stage.initModality(Modality.NONE);
        stage.setTitle(title);
        BorderPane pane = new BorderPane(content);
        pane.getStyleClass().addAll(root.getStyleClass());
        javafx.scene.Scene scene = new javafx.scene.Scene(pane, width, height);
        scene.getStylesheets().setAll(root.getScene().getStylesheets());
        stage.setScene(scene);
        stage.show();
    }

    private void onErrorLog() {
        ListView<ErrorLog.Entry> list = new ListView<>(errors.entries());
        list.getStyleClass().add("error-log");
        list.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(ErrorLog.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.at() + "  " + e.summary());
            }
        });
        TextArea details = new TextArea();
        details.setEditable(false);
        details.getStyleClass().add("mono");
        list.getSelectionModel().selectedItemProperty().addListener((o, was, e) -> details.setText(e == null ? "" : e.details()));
        list.setPlaceholder(new Label("No errors so far."));
        SplitPane split = new SplitPane(list, details);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        window("Error log — Misdirect", split, 760, 480);
    }
}
