package dev.misdirect.ui.authorities;

import dev.misdirect.ui.common.HoverTooltip;

import dev.misdirect.ui.common.DialogService;
import dev.misdirect.ui.common.ErrorLog;
import dev.misdirect.ui.common.VerdictCell;
import dev.misdirect.ui.common.VerdictText;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The authority-set editor (FXML controller): binds the table to {@link AuthoritySetViewModel}. */
public final class AuthoritiesView {
    /** Rows of a pasted or imported batch that go into the table per pulse. */

    private final AuthoritySetViewModel vm;
    private final DialogService dialogs;
    private final ErrorLog errors;

    @FXML private Label summary;
    @FXML private javafx.scene.control.CheckBox tlsSettings;
    @FXML private TableView<AuthorityRow> table;
    @FXML private VBox tableArea;
    @FXML private TableColumn<AuthorityRow, VerdictText> statusColumn;
    @FXML private TableColumn<AuthorityRow, String> targetColumn;
    @FXML private TableColumn<AuthorityRow, String> resolveColumn;
    @FXML private TableColumn<AuthorityRow, String> sniColumn;
    @FXML private TableColumn<AuthorityRow, String> hostColumn;
    @FXML private TableColumn<AuthorityRow, String> tagsColumn;
    @FXML private TextArea pasteArea;
    @FXML private Button duplicateButton;
    @FXML private Button removeButton;
    @FXML private Button pasteButton;

    public AuthoritiesView(AuthoritySetViewModel vm, DialogService dialogs, ErrorLog errors) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.errors = errors;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        tlsSettings.selectedProperty().bindBidirectional(vm.tlsSettingsProperty());
        dev.misdirect.ui.common.HoverTooltip.install(tlsSettings, () -> "Each probe also learns, for each name on each"
                + " address, which TLS versions, TLS 1.2 cipher suites and ALPN protocols the server accepts when"
                + " offered one at a time, and whether it asks for a client certificate (up to 12 more handshakes"
                + " per name and address). Names on one address that differ are a finding; Inspect and the"
                + " reports show the settings.", 420);
        table.setItems(vm.rows());
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        statusColumn.setCellFactory(col -> {
            VerdictCell<AuthorityRow> cell = new VerdictCell<>("authority-status");
            HoverTooltip.install(cell, cell::getText, 0); // the full reason, also when the column cuts it
            return cell;
        });
        editable(targetColumn, AuthorityRow::targetProperty);
        editable(resolveColumn, AuthorityRow::resolveProperty);
        editable(sniColumn, AuthorityRow::sniProperty);
        editable(hostColumn, AuthorityRow::hostProperty);
        editable(tagsColumn, AuthorityRow::tagsProperty);
        table.setRowFactory(t -> new TableRow<>() {
            private final javafx.beans.value.ChangeListener<String> onError = (o, was, now) -> mark();

            @Override
            protected void updateItem(AuthorityRow row, boolean empty) {
                AuthorityRow old = getItem();
                if (old != null) {
                    old.errorProperty().removeListener(onError);
                }
                super.updateItem(row, empty);
                if (row != null && !empty) {
                    row.errorProperty().addListener(onError);
                }
                mark();
            }

            private void mark() {
                AuthorityRow row = getItem();
                boolean bad = row != null && !isEmpty() && !row.isValid();
                getStyleClass().remove("authority-row-bad");
                if (bad) {
                    getStyleClass().add("authority-row-bad");
                }
            }
        });
        duplicateButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        removeButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        pasteButton.disableProperty().bind(pasteArea.textProperty().isEmpty());

        // the table and the room below it (the table is as tall as its rows) take a dropped file
        tableArea.setOnDragOver(this::onDragOver);
        tableArea.setOnDragExited(e -> table.getStyleClass().remove("drop-target"));
        tableArea.setOnDragDropped(this::onDragDropped);
    }

    private static void editable(TableColumn<AuthorityRow, String> column, Function<AuthorityRow, StringProperty> prop) {
        column.setCellValueFactory(c -> prop.apply(c.getValue()));
        column.setCellFactory(TextFieldTableCell.forTableColumn());
        column.setOnEditCommit(e -> prop.apply(e.getRowValue()).set(e.getNewValue() == null ? "" : e.getNewValue()));
    }

    private void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles() || e.getDragboard().hasString()) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!table.getStyleClass().contains("drop-target")) {
                table.getStyleClass().add("drop-target");
            }
        }
        e.consume();
    }

    private void onDragDropped(DragEvent e) {
        boolean done = false;
        if (e.getDragboard().hasFiles()) {
            for (File f : e.getDragboard().getFiles()) {
                done |= importFile(f.toPath());
            }
        } else if (e.getDragboard().hasString()) {
            vm.paste(e.getDragboard().getString());
            done = true;
        }
        table.getStyleClass().remove("drop-target");
        e.setDropCompleted(done);
        e.consume();
    }

    private boolean importFile(Path file) {
        try {
            vm.importFile(file);
            return true;
        } catch (IOException e) {
            dialogs.showError("Cannot import " + file.getFileName(), errors.report("importing " + file, e).message());
            return false;
        }
    }

    @FXML
    private void onAdd() {
        AuthorityRow row = vm.add();
        table.getSelectionModel().select(row);
        table.edit(table.getItems().indexOf(row), targetColumn);
    }

    @FXML
    private void onDuplicate() {
        AuthorityRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            table.getSelectionModel().select(vm.duplicate(row));
        }
    }

    @FXML
    private void onRemove() {
        AuthorityRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            vm.remove(row);
        }
    }

    @FXML
    private void onPaste() {
        vm.paste(pasteArea.getText());
        pasteArea.clear();
    }

    @FXML
    private void onImport() {
        dialogs.chooseFileToOpen("Import authorities", "Text files", List.of("*.txt", "*.list", "*"))
                .ifPresent(this::importFile);
    }
}
