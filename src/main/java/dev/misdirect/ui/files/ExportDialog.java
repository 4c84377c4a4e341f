package dev.misdirect.ui.files;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;

/**
 * File › Export: pick what to write (report as HTML / Markdown / JSON, HAR or curl commands of the replay run,
 * certificates as PEM) and whether to include secrets (off by default). Choices that cannot be exported now are
 * disabled with the reason beside them.
 */
final class ExportDialog extends Dialog<ExportDialog.Choice> {

    /** What the user picked. */
    record Choice(ExportKind kind, boolean includeSecrets) {
    }

    /** @param preferred the choice selected at first, when it can be exported (the last one used) */
    ExportDialog(FilesViewModel vm, ExportKind preferred, Window owner) {
        setTitle("Export — Misdirect");
        setHeaderText("Export \u201c" + vm.workbench().sessionTitleProperty().get() + "\u201d");
        if (owner != null) {
            initOwner(owner);
            if (owner.getScene() != null) {
                getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
                getDialogPane().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass()
                        .filtered(s -> s.startsWith("theme-")));
            }
        }
        getDialogPane().getStyleClass().add("export-dialog");
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(6);
        box.setPadding(new Insets(8, 4, 8, 4));
        RadioButton firstEnabled = null;
        RadioButton remembered = null;
        for (ExportKind kind : ExportKind.values()) {
            RadioButton b = new RadioButton(kind.label());
            b.setUserData(kind);
            b.setToggleGroup(group);
            b.setId("export-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            Optional<String> why = vm.unavailable(kind);
            box.getChildren().add(b);
            if (why.isPresent()) {
                b.setDisable(true);
                Label reason = new Label("    " + why.get());
                reason.getStyleClass().add("export-unavailable");
                box.getChildren().add(reason);
            } else {
                firstEnabled = firstEnabled == null ? b : firstEnabled;
                remembered = kind == preferred ? b : remembered;
            }
        }
        CheckBox secrets = new CheckBox("Include secrets (Authorization, Cookie, tokens in URLs)");
        secrets.setId("export-include-secrets");
        secrets.setTooltip(new Tooltip("Off by default: credentials are replaced by [REDACTED], so the file is safe to share."));
        Label warning = new Label("⚠ The file will contain credentials: do not share it.");
        warning.getStyleClass().add("export-warning");
        warning.visibleProperty().bind(secrets.selectedProperty());
        group.selectedToggleProperty().addListener((o, was, now) -> secrets.setDisable(
                now == null || !((ExportKind) now.getUserData()).mayHoldSecrets()));
        box.getChildren().addAll(new javafx.scene.control.Separator(), secrets, warning);
        getDialogPane().setContent(box);
        ButtonType export = new ButtonType("Export…", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(export, ButtonType.CANCEL);
        RadioButton initial = remembered != null ? remembered : firstEnabled;
        if (initial != null) {
            group.selectToggle(initial);
        }
        getDialogPane().lookupButton(export).disableProperty().bind(group.selectedToggleProperty().isNull());
        setResultConverter(b -> {
            if (b != export || group.getSelectedToggle() == null) {
                return null;
            }
            ExportKind kind = (ExportKind) group.getSelectedToggle().getUserData();
            return new Choice(kind, secrets.isSelected() && kind.mayHoldSecrets());
        });
    }
}
