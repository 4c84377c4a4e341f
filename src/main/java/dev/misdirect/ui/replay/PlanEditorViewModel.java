package dev.misdirect.ui.replay;

import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayPlan.Step;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plan editor: a list of steps (add, remove, move up/down, edit method, URL and pin) kept in sync with the plan's
 * text form. Text that does not parse shows its error ({@link #errorProperty()}) and leaves the steps as they were;
 * an edit the plan grammar refuses (a URL that is not https, a pin that is not an IP address) is refused with its
 * reason and changes nothing. UI thread only.
 */
public final class PlanEditorViewModel {
    private final StringProperty planText;
    private final ObservableList<PlanStep> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private boolean syncing;

    /** @param planText the plan's text form, shared with the run settings */
    public PlanEditorViewModel(StringProperty planText) {
        this.planText = planText;
        planText.addListener((o, was, now) -> {
            if (!syncing) {
                parseText(now);
            }
        });
        parseText(planText.get());
    }

    private void parseText(String text) {
        if (text == null || text.isBlank()) {
            steps.clear();
            error.set("");
            return;
        }
        try {
            ReplayPlan plan = ReplayPlan.parse(text);
            steps.setAll(plan.steps().stream().map(PlanEditorViewModel::row).toList());
            error.set("");
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
    }

    private static PlanStep row(Step s) {
        return new PlanStep(s.method(), s.url().toString(), s.pin().orElse(""), s.toText());
    }

    /** Appends a step: a copy of the last one, or a GET of an example URL when the list is empty. */
    public void add() {
        PlanStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        List<PlanStep> next = new ArrayList<>(steps);
        next.add(last != null ? last : row(Step.get("https://a.example/")));
        commit(next);
    }

    public void remove(int index) {
        if (index < 0 || index >= steps.size()) {
            return;
        }
        List<PlanStep> next = new ArrayList<>(steps);
        next.remove(index);
        commit(next);
    }

    /** Moves the step one place up (towards the start); false when it is first already. */
    public boolean moveUp(int index) {
        if (index <= 0 || index >= steps.size()) {
            return false;
        }
        List<PlanStep> next = new ArrayList<>(steps);
        next.add(index - 1, next.remove(index));
        commit(next);
        return true;
    }

    /** Moves the step one place down; false when it is last already. */
    public boolean moveDown(int index) {
        if (index < 0 || index >= steps.size() - 1) {
            return false;
        }
        List<PlanStep> next = new ArrayList<>(steps);
        next.add(index + 1, next.remove(index));
        commit(next);
        return true;
    }

    /**
     * Changes a step's method, URL and pin ("" for none), keeping its other options. Returns false, with the reason
     * in {@link #errorProperty()}, when the plan grammar refuses the result.
     */
    public boolean edit(int index, String method, String url, String pin) {
        if (index < 0 || index >= steps.size()) {
            return false;
        }
        Step old;
        Step edited;
        try {
            old = ReplayPlan.parse(steps.get(index).text()).steps().get(0);
            Step candidate = new Step(method.strip(), URI.create(url.strip()), old.headers(), old.body(), old.repeat(),
                    old.concurrency(), pin.isBlank() ? Optional.empty() : Optional.of(pin.strip()));
            // the text form goes through the parser, so the editor accepts exactly what a plan file accepts
            edited = ReplayPlan.parse(candidate.toText()).steps().get(0);
        } catch (IllegalArgumentException e) {
            error.set("Step " + (index + 1) + ": " + e.getMessage());
            return false;
        }
        List<PlanStep> next = new ArrayList<>(steps);
        next.set(index, row(edited));
        commit(next);
        return true;
    }

    private void commit(List<PlanStep> next) {
        steps.setAll(next);
        error.set("");
        syncing = true;
        try {
            planText.set(next.stream().map(PlanStep::text).collect(Collectors.joining("\n")));
        } finally {
            syncing = false;
        }
    }

    public ObservableList<PlanStep> steps() {
        return steps;
    }

    /** The reason the text or the last edit was refused; empty when the plan is good. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
