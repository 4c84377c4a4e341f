package dev.misdirect.ui.coalescing;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The Coalescing screen: one entry per client policy; for the selected one, the groups of authorities that would
 * share a connection and every pair with the deciding rule and its 421 risk. UI thread only.
 */
public final class CoalescingViewModel {
    private final ObservableList<CoalescingPrediction> predictions = FXCollections.observableArrayList();
    private final ObjectProperty<CoalescingPrediction> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final ObservableList<PairRow> pairs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper onMisdirected = new ReadOnlyStringWrapper(this, "onMisdirected", "");

    public CoalescingViewModel() {
        selected.addListener((o, was, now) -> describe(now));
        describe(null);
    }

    /** Shows new predictions and selects the first policy that shares anything (else the first). */
    public void show(List<CoalescingPrediction> list) {
        predictions.setAll(list);
        selected.set(list.stream().filter(p -> !p.groups().isEmpty()).findFirst()
                .orElse(list.isEmpty() ? null : list.get(0)));
    }

    /** Label of a policy in the policy list: client name and what it would share. */
    public static String policyLabel(CoalescingPrediction p) {
        long likely = p.pairs().stream().filter(d -> d.shared() && d.risk() == MisdirectRisk.LIKELY).count();
        String share = p.groups().isEmpty() ? "✔ no sharing" : "⇄ " + p.groups().size()
                + (p.groups().size() == 1 ? " shared group" : " shared groups");
        return p.client() + " — " + share + (likely > 0 ? " · ✘ " + likely + " likely 421" : "");
    }

    private void describe(CoalescingPrediction p) {
        if (p == null) {
            groups.clear();
            pairs.clear();
            headline.set("No prediction yet: probe the authorities first.");
            onMisdirected.set("");
            return;
        }
        groups.setAll(p.groups().stream().map(g -> "⇄ one connection for " + String.join(" + ", g)).toList());
        if (p.groups().isEmpty()) {
            groups.add("✔ every authority gets its own connection");
        }
        pairs.setAll(p.pairs().stream()
                .sorted((a, b) -> Boolean.compare(b.shared(), a.shared()) != 0 ? Boolean.compare(b.shared(), a.shared())
                        : b.risk().compareTo(a.risk()))
                .map(PairRow::of).toList());
        long shared = p.pairs().stream().filter(PairDecision::shared).count();
        headline.set(p.client() + " (" + p.policy() + "): " + shared + " of " + p.pairs().size()
                + " pairs would share a connection");
        onMisdirected.set("On 421: " + p.onMisdirected());
    }

    public ObservableList<CoalescingPrediction> predictions() {
        return predictions;
    }

    public ObjectProperty<CoalescingPrediction> selectedProperty() {
        return selected;
    }

    public ObservableList<String> groups() {
        return groups;
    }

    public ObservableList<PairRow> pairs() {
        return pairs;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty onMisdirectedProperty() {
        return onMisdirected.getReadOnlyProperty();
    }
}
