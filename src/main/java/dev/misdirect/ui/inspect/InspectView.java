package dev.misdirect.ui.inspect;

import dev.misdirect.ui.common.TextCells;
import dev.misdirect.ui.common.VerdictCell;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.controls.SanMatrix;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.function.Function;

/** The Inspect screen (FXML controller): handshakes table ∥ SAN matrix, overlaps, certificate of the selection. */
public final class InspectView {
    private final InspectViewModel vm;

    @FXML private TableView<HandshakeRow> handshakes;
    @FXML private TableColumn<HandshakeRow, String> vantageColumn;
    @FXML private ComboBox<String> vantageFilter;
    @FXML private TextField vantageLabel;
    @FXML private TableColumn<HandshakeRow, String> authorityColumn;
    @FXML private TableColumn<HandshakeRow, String> addressColumn;
    @FXML private TableColumn<HandshakeRow, String> sniColumn;
    @FXML private TableColumn<HandshakeRow, String> versionColumn;
    @FXML private TableColumn<HandshakeRow, String> alpnColumn;
    @FXML private TableColumn<HandshakeRow, VerdictText> verdictColumn;
    @FXML private TableColumn<HandshakeRow, String> leafColumn;
    @FXML private TableColumn<HandshakeRow, String> clientCertColumn;
    @FXML private TableColumn<HandshakeRow, String> cipherColumn;
    @FXML private TableColumn<HandshakeRow, String> timingsColumn;
    @FXML private Label emptyLabel;
    @FXML private SanMatrix matrix;
    @FXML private ListView<String> overlaps;
    @FXML private TextArea certificate;
    @FXML private TextArea dnsFacts;
    @FXML private Button copyPem;

    public InspectView(InspectViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        handshakes.setItems(vm.handshakes());
        vm.handshakes().addListener((ListChangeListener<HandshakeRow>) c -> showSelectedRow());
        column(vantageColumn, HandshakeRow::vantage);
        vantageColumn.visibleProperty().bind(vm.mergedProperty());
        vantageLabel.textProperty().bindBidirectional(vm.vantageLabelProperty());
        vantageFilter.setItems(vm.vantageChoices());
        vantageFilter.valueProperty().bindBidirectional(vm.vantageProperty());
        vantageFilter.visibleProperty().bind(vm.mergedProperty());
        vantageFilter.managedProperty().bind(vm.mergedProperty());
        column(authorityColumn, HandshakeRow::authorityKey);
        column(addressColumn, HandshakeRow::address);
        column(sniColumn, HandshakeRow::sni);
        column(versionColumn, HandshakeRow::tlsVersion);
        column(alpnColumn, HandshakeRow::alpn);
        column(leafColumn, HandshakeRow::leafSubject);
        column(clientCertColumn, HandshakeRow::clientCert);
        column(cipherColumn, HandshakeRow::cipher);
        column(timingsColumn, HandshakeRow::timings);
        verdictColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().verdict()));
        verdictColumn.setCellFactory(c -> new VerdictCell<>("handshake-verdict"));
        emptyLabel.textProperty().bind(vm.emptyMessageProperty());
        matrix.matrixProperty().bind(vm.coverageProperty());
        matrix.selectedAuthorityProperty().bindBidirectional(vm.selectedAuthorityProperty());
        overlaps.setItems(vm.overlaps());
        certificate.textProperty().bind(vm.certificateDetailsProperty());
        dnsFacts.textProperty().bind(vm.dnsFactsProperty());
        copyPem.disableProperty().bind(vm.certificatePemProperty().isEmpty());

        // table selection <-> view-model selection, both ways
        handshakes.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (row != null) {
                vm.selectedHandshakeProperty().set(row);
            }
        });
        vm.selectedHandshakeProperty().addListener((o, was, row) -> {
            if (row == null) {
                handshakes.getSelectionModel().clearSelection();
            } else {
                showSelectedRow();
            }
        });
    }

    /** Selects the view-model's selected row in the table once the row is in it. */
    private void showSelectedRow() {
        HandshakeRow row = vm.selectedHandshakeProperty().get();
        if (row != null && handshakes.getSelectionModel().getSelectedItem() != row && handshakes.getItems().contains(row)) {
            handshakes.getSelectionModel().select(row);
            handshakes.scrollTo(row);
        }
    }


    private static void column(TableColumn<HandshakeRow, String> column, Function<HandshakeRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setCellFactory(TextCells.table());
    }

    @FXML
    private void onCopyPem() {
        ClipboardContent content = new ClipboardContent();
        content.putString(vm.certificatePemProperty().get());
        Clipboard.getSystemClipboard().setContent(content);
    }
}
