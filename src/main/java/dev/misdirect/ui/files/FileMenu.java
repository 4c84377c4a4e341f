package dev.misdirect.ui.files;

import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.Screen;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;

/**
 * Wires the File menu of the window (new, open, recent, save, save as, import, paste curl command, export) and
 * drag &amp; drop of a capture onto the window to a {@link FilesViewModel}. Only binds and forwards: the dialogs it
 * shows hand their answer to the view-model. Call {@link #install} on the FX thread once the window's scene exists.
 */
public final class FileMenu {
    /** File chooser filter of everything Import reads. */
    static final List<String> IMPORTABLE = List.of("*.json", "*.har", "*.txt", "*.sh", "*.curl", "*.log", "*");

    private final FilesViewModel vm;
    private final DialogService dialogs;
    private final Scene scene;
    private final Menu recentMenu;
    private ExportKind lastExport = ExportKind.REPORT_HTML;

    private final Consumer<String> openDocument;

    private FileMenu(FilesViewModel vm, DialogService dialogs, Scene scene, Menu file, Consumer<String> openDocument) {
        this.vm = vm;
        this.openDocument = openDocument;
        this.dialogs = dialogs;
        this.scene = scene;
        this.recentMenu = (Menu) item(file, "recentMenu");
    }

    /**
     * Takes over the File menu of {@code scene}'s menu bar and the window's drops.
     *
     * @param scene        the workbench window's scene (its menu bar has the id {@code menuBar})
     * @param openDocument opens a file URI with the desktop's application for it ({@code HostServices::showDocument})
     */
    public static FileMenu install(FilesViewModel vm, DialogService dialogs, Scene scene, Consumer<String> openDocument) {
        MenuBar bar = (MenuBar) Objects.requireNonNull(scene.lookup("#menuBar"), "the window has no #menuBar");
        Menu file = bar.getMenus().get(0);
        FileMenu menu = new FileMenu(vm, dialogs, scene, file, openDocument);
        menu.wire(file);
        return menu;
    }

    private void wire(Menu file) {
        boolean sessions = vm.canOpenAndSave();
        item(file, "newItem").setOnAction(e -> {
            if (vm.newSession()) {
                vm.workbench().showScreen(Screen.AUTHORITIES);
            }
        });
        item(file, "openItem").setOnAction(e -> onOpen());
        item(file, "saveItem").setOnAction(e -> onSave());
        item(file, "saveAsItem").setOnAction(e -> onSaveAs());
        item(file, "importItem").setOnAction(e -> onImport());
        item(file, "pasteCurlItem").setOnAction(e -> onPasteCurl());
        item(file, "exportItem").setOnAction(e -> onExport());
        // once a report is written, offer to open it
        vm.exportedReportProperty().addListener((o, was, report) -> {
            if (report != null && dialogs.ask("Report exported", "The report was written to " + report + ".",
                    "Open report", "Close")) {
                openDocument.accept(report.toUri().toString());
            }
        });
        for (String id : List.of("openItem", "saveItem", "saveAsItem", "recentMenu")) {
            item(file, id).setDisable(!sessions);
        }
        vm.workbench().recent().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
        vm.setOnImported(() -> vm.workbench().showScreen(Screen.REPLAY));

        scene.addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1) {
                e.acceptTransferModes(TransferMode.COPY);
            }
        });
        scene.addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            List<File> dropped = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            boolean done = dropped.size() == 1 && dropped(dropped.get(0).toPath());
            e.setDropCompleted(done);
            e.consume();
        });
    }

    /** A file dropped on the window is imported (a session file, too, is read through the importer). */
    boolean dropped(Path file) {
        return vm.importFile(file);
    }

    private static MenuItem item(Menu menu, String id) {
        return menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the File menu has no item " + id));
    }

    private Window window() {
        return scene.getWindow();
    }

    private void onOpen() {
        dialogs.chooseFileToOpen("Open session", "Misdirect sessions", List.of("*.json")).ifPresent(vm::open);
    }

    private void onSave() {
        if (!vm.save()) {
            onSaveAs();
        }
    }

    private void onSaveAs() {
        dialogs.chooseFileToSave("Save session as", "Misdirect sessions", List.of("*.json"),
                vm.suggestedName(ExportKind.REPORT_JSON)).ifPresent(vm::saveAs);
    }

    private void onImport() {
        dialogs.chooseFileToOpen("Import a capture (Chrome NetLog, HAR, session, curl command) or a server's log",
                "NetLog, HAR, session, curl or server log", IMPORTABLE).ifPresent(vm::importFile);
    }

    private void onPasteCurl() {
        Dialog<String> d = new Dialog<>();
        d.setTitle("Paste curl command — Misdirect");
        d.setHeaderText("Paste a curl command (DevTools \u201cCopy as cURL\u201d or typed)");
        d.initOwner(window());
        d.getDialogPane().getStylesheets().setAll(scene.getStylesheets());
        d.getDialogPane().getStyleClass().addAll(scene.getRoot().getStyleClass().filtered(s -> s.startsWith("theme-")));
        TextArea text = new TextArea();
        text.setId("paste-curl-text");
        text.getStyleClass().add("mono");
        text.setPromptText("curl 'https://b.example/' --resolve b.example:443:192.0.2.7 -H 'Host: b.example'");
        text.setPrefColumnCount(70);
        text.setPrefRowCount(8);
        text.setWrapText(true);
        d.getDialogPane().setContent(text);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? text.getText() : null);
        d.showAndWait().ifPresent(vm::pasteCurl);
    }

    private void onExport() {
        Optional<ExportDialog.Choice> choice = new ExportDialog(vm, lastExport, window()).showAndWait();
        choice.ifPresent(c -> {
            lastExport = c.kind();
            dialogs.chooseFileToSave("Export " + c.kind().label(), c.kind().fileDescription(), c.kind().patterns(),
                    vm.suggestedName(c.kind())).ifPresent(p -> vm.export(c.kind(), p, c.includeSecrets()));
        });
    }

    private void rebuildRecent() {
        recentMenu.getItems().setAll(vm.workbench().recent().stream().map(p -> {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.toAbsolutePath().getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> vm.open(p));
            return item;
        }).toList());
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none yet)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }
}
