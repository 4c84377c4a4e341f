package dev.misdirect.ui.controls;

import dev.misdirect.core.model.CoverageMatrix;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * The SAN coverage matrix: rows are authorities, columns the distinct certificates served; each cell shows an icon
 * and a word ("✔ covered" / "✘ not covered"), its tooltip the SAN that matched or the rule that failed. Cells carry
 * the pseudo-classes {@code :covered}, {@code :uncovered} and {@code :served} (the certificate was actually served
 * to that authority); the selected row has {@code :selected}. {@link #selectedAuthorityProperty()} holds the key of
 * the selected row ({@code null} when none) and can be bound both ways to a handshakes table.
 */
public class SanMatrix extends Control {
    private final ObjectProperty<CoverageMatrix> matrix = new SimpleObjectProperty<>(this, "matrix", CoverageMatrix.empty());
    private final StringProperty selectedAuthority = new SimpleStringProperty(this, "selectedAuthority");

    public SanMatrix() {
        getStyleClass().add("san-matrix");
        setFocusTraversable(true);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SanMatrixSkin(this);
    }

    public ObjectProperty<CoverageMatrix> matrixProperty() {
        return matrix;
    }

    public CoverageMatrix getMatrix() {
        return matrix.get();
    }

    public void setMatrix(CoverageMatrix value) {
        matrix.set(value == null ? CoverageMatrix.empty() : value);
    }

    public StringProperty selectedAuthorityProperty() {
        return selectedAuthority;
    }

    public String getSelectedAuthority() {
        return selectedAuthority.get();
    }

    public void setSelectedAuthority(String key) {
        selectedAuthority.set(key);
    }
}
