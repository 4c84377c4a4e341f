package dev.misdirect.ui.common;

import javafx.animation.AnimationTimer;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * What a table shows of a list that may grow by many items at once: the source's items, of which a batch added at
 * the end (a paste, a file, a new probe's rows) goes in a few per pulse after the first. A table's first rows cost
 * the creation and styling of a row of cells each, too much for one pulse when a batch fills the whole view at once;
 * fed a few per pulse, the window keeps drawing while the table fills. A single item added (a row the user adds or
 * duplicates), an insertion among the shown items and a removal show at once.
 *
 * <p>{@link #shown()} is always the start of the source ({@code source.subList(0, shown().size())}) and becomes the
 * whole source after {@link #pending()} pulses. UI thread.
 */
public final class PulseFedList<T> {
    private final ObservableList<T> source;
    private final ObservableList<T> shown = FXCollections.observableArrayList();
    private final int perPulse;
    private final ListChangeListener<T> listener = this::onChanged;
    private final AnimationTimer feeder = new AnimationTimer() {
        @Override
        public void handle(long now) {
            feed(perPulse);
        }
    };

    /**
     * @param perPulse items added to {@link #shown()} per pulse while it is behind the source (at least 1)
     */
    public PulseFedList(ObservableList<T> source, int perPulse) {
        if (perPulse < 1) {
            throw new IllegalArgumentException("perPulse must be at least 1, was " + perPulse);
        }
        this.source = source;
        this.perPulse = perPulse;
        source.addListener(listener);
        if (!source.isEmpty()) {
            shown.add(source.get(0));
        }
        startIfBehind();
    }

    /** The items to show: the start of the source, the whole source once fed. */
    public ObservableList<T> shown() {
        return shown;
    }

    /** Stops following the source (no more items added or removed); {@link #shown()} keeps what it has. */
    public void detach() {
        source.removeListener(listener);
        feeder.stop();
    }

    /** The source's items not shown yet. */
    public int pending() {
        return source.size() - shown.size();
    }

    private void onChanged(ListChangeListener.Change<? extends T> c) {
        while (c.next()) {
            if (c.wasPermutated()) {
                shown.setAll(new ArrayList<>(source.subList(0, Math.min(shown.size(), source.size()))));
                continue;
            }
            if (c.wasRemoved() && c.getFrom() < shown.size()) {
                shown.remove(c.getFrom(), Math.min(shown.size(), c.getFrom() + c.getRemovedSize()));
            }
            if (c.wasAdded()) {
                List<? extends T> added = c.getAddedSubList();
                if (c.getFrom() < shown.size()) {
                    shown.addAll(c.getFrom(), added); // among the shown ones: at once, the prefix stays whole
                } else if (c.getFrom() == shown.size()) {
                    shown.add(added.get(0)); // the first of a batch at once, the rest fed
                }
            }
        }
        startIfBehind();
    }

    private void feed(int n) {
        int to = Math.min(source.size(), shown.size() + n);
        if (to > shown.size()) {
            shown.addAll(new ArrayList<>(source.subList(shown.size(), to)));
        }
        if (pending() <= 0) {
            feeder.stop();
        }
    }

    private void startIfBehind() {
        if (pending() > 0) {
            feeder.start();
        }
    }
}
