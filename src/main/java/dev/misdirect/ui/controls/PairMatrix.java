package dev.misdirect.ui.controls;

import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * The verified pairs as a picture, like the report's: rows are carriers (whose connection), columns passengers (whose
 * request); each cell shows an icon and a word ("✔ shared-ok", "⚠ refused-421", "✘ misrouted", "? untested") and
 * carries the verdict's pseudo-class ({@code :shared-ok}, {@code :refused-421}, {@code :misrouted},
 * {@code :untested}), its tooltip the reason and what differed. A pair verified at several addresses shows its worst
 * answer. Click a cell, or move with the arrow keys, to select it: {@link #selectedPairProperty()} holds the selected
 * verification ({@code null} when none) and the selected cell has {@code :selected}.
 */
public class PairMatrix extends Control {
    private final ObjectProperty<VerifyRun> run = new SimpleObjectProperty<>(this, "run");
    private final ObjectProperty<PairVerification> selectedPair = new SimpleObjectProperty<>(this, "selectedPair");

    public PairMatrix() {
        getStyleClass().add("pair-matrix");
        setFocusTraversable(true);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new PairMatrixSkin(this);
    }

    /** The run shown; {@code null} for none. */
    public ObjectProperty<VerifyRun> runProperty() {
        return run;
    }

    public VerifyRun getRun() {
        return run.get();
    }

    public void setRun(VerifyRun value) {
        run.set(value);
    }

    public ObjectProperty<PairVerification> selectedPairProperty() {
        return selectedPair;
    }

    public PairVerification getSelectedPair() {
        return selectedPair.get();
    }

    public void setSelectedPair(PairVerification value) {
        selectedPair.set(value);
    }
}
