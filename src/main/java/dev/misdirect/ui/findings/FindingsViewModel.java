package dev.misdirect.ui.findings;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Severity;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Findings panel: findings as cards, most severe first. Linked to the rows they concern: selecting a finding
 * sets {@link #linkedAuthorityProperty()} to its first authority (the workbench selects that row in Inspect), and
 * {@link #focusAuthorityProperty()} (set from a selected row) puts the findings about that authority first.
 * UI thread only.
 */
public final class FindingsViewModel {
    private final List<Finding> all = new ArrayList<>();
    private final ObservableList<Finding> visible = FXCollections.observableArrayList();
    private final ObjectProperty<Finding> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty focusAuthority = new SimpleStringProperty(this, "focusAuthority");
    private final StringProperty linkedAuthority = new SimpleStringProperty(this, "linkedAuthority");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public FindingsViewModel() {
        focusAuthority.addListener((o, was, now) -> arrange());
        selected.addListener((o, was, f) -> {
            if (f != null && !f.authorities().isEmpty()) {
                linkedAuthority.set(f.authorities().get(0));
            }
        });
        arrange();
    }

    public void show(List<Finding> findings) {
        all.clear();
        all.addAll(findings);
        arrange();
    }

    /** True when this finding concerns the focused authority (the view highlights its card). */
    public boolean concernsFocus(Finding f) {
        String key = focusAuthority.get();
        return key != null && f.authorities().contains(key);
    }

    private void arrange() {
        Comparator<Finding> order = Comparator.comparing((Finding f) -> !concernsFocus(f))
                .thenComparing(f -> -f.severity().ordinal());
        visible.setAll(all.stream().sorted(order).toList());
        long problems = all.stream().filter(f -> f.severity() == Severity.PROBLEM).count();
        long warnings = all.stream().filter(f -> f.severity() == Severity.WARNING).count();
        summary.set(all.isEmpty() ? "No findings yet." : "✘ " + count(problems, "problem") + " · ⚠ "
                + count(warnings, "warning") + " · ℹ " + (all.size() - problems - warnings) + " info");
    }

    /** "1 problem", "2 problems". */
    static String count(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    public ObservableList<Finding> visible() {
        return visible;
    }

    public ObjectProperty<Finding> selectedProperty() {
        return selected;
    }

    public StringProperty focusAuthorityProperty() {
        return focusAuthority;
    }

    public StringProperty linkedAuthorityProperty() {
        return linkedAuthority;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
