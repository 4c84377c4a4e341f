package dev.misdirect.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link DialogService} with JavaFX alerts and file choosers, owned by the main window. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String message) {
        Alert a = alert(Alert.AlertType.ERROR, title, title, message + "\n\nDetails are in View → Error log.");
        a.showAndWait();
    }

    @Override
    public void showInfo(String title, String header, String text) {
        alert(Alert.AlertType.INFORMATION, title, header, text).showAndWait();
    }

    @Override
    public boolean confirm(String title, String question) {
        return alert(Alert.AlertType.CONFIRMATION, title, title, question).showAndWait()
                .filter(b -> b == ButtonType.OK).isPresent();
    }

    @Override
    public boolean ask(String title, String question, String yes, String no) {
        ButtonType yesButton = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        ButtonType noButton = new ButtonType(no, ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = alert(Alert.AlertType.CONFIRMATION, title, title, question);
        a.getButtonTypes().setAll(yesButton, noButton);
        return a.showAndWait().filter(b -> b == yesButton).isPresent();
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, String description, List<String> extensions) {
        FileChooser c = chooser(title, description, extensions);
        return Optional.ofNullable(c.showOpenDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String description, List<String> extensions, String suggestedName) {
        FileChooser c = chooser(title, description, extensions);
        c.setInitialFileName(suggestedName);
        return Optional.ofNullable(c.showSaveDialog(owner.get())).map(File::toPath);
    }

    private FileChooser chooser(String title, String description, List<String> extensions) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, extensions));
        return c;
    }

    private Alert alert(Alert.AlertType type, String title, String header, String text) {
        Alert a = new Alert(type, text);
        a.setTitle(title);
        a.setHeaderText(header);
        Window w = owner.get();
        if (w != null) {
            a.initOwner(w);
            if (w.getScene() != null) {
                a.getDialogPane().getStylesheets().setAll(w.getScene().getStylesheets());
                a.getDialogPane().getStyleClass().addAll(w.getScene().getRoot().getStyleClass().filtered(s -> s.startsWith("theme-")));
            }
        }
        return a;
    }
}
