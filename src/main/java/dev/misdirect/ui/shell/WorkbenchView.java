package dev.misdirect.ui.shell;

import dev.misdirect.ui.authorities.AuthoritiesView;
import dev.misdirect.ui.coalescing.CoalescingView;
import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.FxmlViews;
import dev.misdirect.ui.findings.FindingsView;
import dev.misdirect.ui.inspect.InspectView;
import dev.misdirect.ui.lab.LabView;
import dev.misdirect.ui.replay.ReplayView;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The main window's content (FXML controller): menus, header, navigation rail, screens, status bar. */
public final class WorkbenchView {
    private final WorkbenchViewModel vm;
    private final FxmlViews views;
    private final DialogService dialogs;
    private final ErrorLog errors;
    private final Map<ToggleButton, Class<?>> screenViews = new LinkedHashMap<>();
    private final Map<ToggleButton, Parent> screens = new LinkedHashMap<>();
    private final ToggleGroup nav = new ToggleGroup();
    private final ToggleGroup themes = new ToggleGroup();

    @FXML private BorderPane root;
    @FXML private MenuItem probeItem;
    @FXML private MenuItem replayItem;
    @FXML private MenuItem cancelItem;
    @FXML private RadioMenuItem lightItem;
    @FXML private RadioMenuItem darkItem;
    @FXML private Label sessionLabel;
    @FXML private Label noticeLabel;
    @FXML private Button probeButton;
    @FXML private Button replayButton;
    @FXML private Button cancelButton;
    @FXML private Button reproduceButton;
    @FXML private Button tryFixButton;
    @FXML private ToggleButton navAuthorities;
    @FXML private ToggleButton navInspect;
    @FXML private ToggleButton navCoalescing;
    @FXML private ToggleButton navReplay;
    @FXML private ToggleButton navLab;
    @FXML private ToggleButton navFindings;
    @FXML private StackPane content;
    @FXML private StatusBar statusBar;

    public WorkbenchView(WorkbenchViewModel vm, FxmlViews views, DialogService dialogs, ErrorLog errors) {
        this.vm = vm;
        this.views = views;
        this.dialogs = dialogs;
        this.errors = errors;
    }

    @FXML
    private void initialize() {
        // each screen is built the first time it is shown: the window opens after loading only the first one
        screenViews.put(navAuthorities, AuthoritiesView.class);
        screenViews.put(navInspect, InspectView.class);
        screenViews.put(navCoalescing, CoalescingView.class);
        screenViews.put(navReplay, ReplayView.class);
        screenViews.put(navLab, LabView.class);
        screenViews.put(navFindings, FindingsView.class);
        screenViews.keySet().forEach(button -> button.setToggleGroup(nav));
        vm.screenRequestProperty().addListener((o, was, now) -> {
            if (now != null) {
                show(now);
            }
        });
        // the actions keep their full labels; the notice gives way (it ends in an ellipsis)
        for (javafx.scene.control.Control c : List.of(reproduceButton, tryFixButton, probeButton, replayButton,
                cancelButton, sessionLabel)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        noticeLabel.setMinWidth(0);
        noticeLabel.setTooltip(new Tooltip());
        noticeLabel.getTooltip().textProperty().bind(vm.dataNoticeProperty());
        reproduceButton.disableProperty().bind(vm.canReproduceProperty().not());
        tryFixButton.disableProperty().bind(vm.canReproduceProperty().not());
        reproduceButton.setTooltip(new Tooltip("Replay the loaded lab scenario with the client policy that gets a 421"
                + " (Ctrl+Shift+R)"));
        tryFixButton.setTooltip(new Tooltip("Replay it as broken and with its fix, side by side"));
        nav.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                nav.selectToggle(was); // the rail always shows one screen
                return;
            }
            screen((ToggleButton) now);
            screens.forEach((button, screen) -> screen.setVisible(button == now));
        });
        nav.selectToggle(navInspect);
        vm.findings().linkedAuthorityProperty().addListener((o, was, key) -> {
            if (key != null) {
                nav.selectToggle(navInspect);
            }
        });

        sessionLabel.textProperty().bind(Bindings.concat("Session: ", vm.sessionTitleProperty()));
        noticeLabel.textProperty().bind(Bindings.concat("ℹ ", vm.dataNoticeProperty()));
        noticeLabel.visibleProperty().bind(vm.dataNoticeProperty().isNotEmpty());
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());

        probeButton.disableProperty().bind(vm.canProbeProperty().not());
        probeItem.disableProperty().bind(vm.canProbeProperty().not());
        probeButton.setTooltip(tooltipOr(vm.probeUnavailableProperty().get(), "Probe DNS, TCP and TLS of every authority (Ctrl+Enter)"));
        replayButton.disableProperty().bind(vm.replayScreen().canRunProperty().not());
        replayItem.disableProperty().bind(vm.replayScreen().canRunProperty().not());
        cancelButton.disableProperty().bind(vm.runner().runningProperty().not());
        cancelItem.disableProperty().bind(vm.runner().runningProperty().not());

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

    /** The screen of this rail button, loaded from its FXML on first use. */
    private Parent screen(ToggleButton button) {
        Parent screen = screens.get(button);
        if (screen == null) {
            screen = views.load(screenViews.get(button)).root();
            attach(button, screen);
        }
        return screen;
    }

    /** Adds a built screen to the content, in rail order whatever order the screens were built in. */
    private void attach(ToggleButton b, Parent screen) {
        int before = (int) screenViews.keySet().stream().takeWhile(x -> x != b).filter(screens::containsKey).count();
        content.getChildren().add(before, screen);
        screens.put(b, screen);
    }

    /**
     * Builds this screen ahead of use, hidden, so that showing it later (as "Reproduce the 421" shows the Replay
     * screen) finds it built: its FXML is loaded on {@code background} (the nodes are in no scene yet), then on
     * {@code ui} it is bound to the view-models and put, hidden, beside the shown screen (its style and layout then
     * happen in the next pulse). Call on the UI thread.
     *
     * @return completes on {@code ui}: true when this call built the screen, false when it was built already (or was
     * built meanwhile because it was shown)
     */
    public CompletableFuture<Boolean> prebuild(String screenName, Executor background, Executor ui) {
        ToggleButton b = button(screenName);
        if (screens.containsKey(b)) {
            return CompletableFuture.completedFuture(false);
        }
        Class<?> type = screenViews.get(b);
        return CompletableFuture.supplyAsync(() -> views.loadUnbound(type), background).thenApplyAsync(loaded -> {
            if (screens.containsKey(b)) {
                return false;
            }
            if (loaded.controller() instanceof FxmlViews.Binding binding) {
                binding.bind();
            }
            Parent built = loaded.root();
            built.setVisible(false);
            attach(b, built);
            return true;
        }, ui);
    }

    private static Tooltip tooltipOr(String reason, String normal) {
        return new Tooltip(reason.isEmpty() ? normal : reason);
    }

    private void applyTheme(Theme theme) {
        for (Theme t : Theme.values()) {
            root.getStyleClass().remove(t.styleClass());
        }
        root.getStyleClass().add(theme.styleClass());
        (theme == Theme.DARK ? darkItem : lightItem).setSelected(true);
    }

    /** Shows the screen of this rail button (also for tests and the composition root). */
    public void show(String screen) {
        nav.selectToggle(button(screen));
    }

    private ToggleButton button(String screen) {
        return switch (screen.toLowerCase(Locale.ROOT)) {
            case "authorities" -> navAuthorities;
            case "coalescing" -> navCoalescing;
            case "replay" -> navReplay;
            case "findings" -> navFindings;
            case "lab" -> navLab;
            default -> navInspect;
        };
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void onQuit() {
        root.getScene().getWindow().hide();
    }

    @FXML
    private void onProbe() {
        if (vm.probe()) {
            nav.selectToggle(navInspect);
        }
    }

    @FXML
    private void onReplay() {
        if (vm.runReplay()) {
            nav.selectToggle(navReplay);
        }
    }

    @FXML
    private void onReproduce() {
        vm.reproduce();
    }

    @FXML
    private void onTryFix() {
        vm.tryFix();
    }

    @FXML
    private void onCancel() {
        vm.cancel();
    }

    @FXML
    private void onLight() {
        vm.themeProperty().set(Theme.LIGHT);
    }

    @FXML
    private void onDark() {
        vm.themeProperty().set(Theme.DARK);
    }

    @FXML
    private void onAbout() {
        dialogs.showInfo("About Misdirect", "Misdirect", vm.aboutText());
    }

    @FXML
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
        Stage stage = new Stage();
        stage.initOwner(root.getScene().getWindow());
        stage.initModality(Modality.NONE);
        stage.setTitle("Error log — Misdirect");
        BorderPane pane = new BorderPane(split);
        pane.getStyleClass().addAll(root.getStyleClass());
        javafx.scene.Scene scene = new javafx.scene.Scene(pane, 760, 480);
        scene.getStylesheets().setAll(root.getScene().getStylesheets());
        stage.setScene(scene);
        stage.show();
    }
}
