package dev.misdirect.ui.controls;

import javafx.animation.AnimationTimer;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Puts a grid's rows in a few per pulse: fifty rows of labels styled and laid out in one pulse would hold the window
 * up. A skin adds the rows it has not built yet; they run in order on the FX thread. FX thread only.
 */
final class RowFeeder {
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final int perPulse;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            for (int i = 0; i < perPulse; i++) {
                Runnable next = pending.poll();
                if (next == null) {
                    stop();
                    return;
                }
                next.run();
            }
        }
    };

    /** @param perPulse rows built per pulse */
    RowFeeder(int perPulse) {
        this.perPulse = perPulse;
    }

    /** Builds {@code row} in a later pulse, after the rows added before it. */
    void add(Runnable row) {
        pending.add(row);
        timer.start();
    }

    /** Forgets the rows not built yet (a new matrix replaces them). */
    void clear() {
        timer.stop();
        pending.clear();
    }

    /** The rows not built yet. */
    int pending() {
        return pending.size();
    }
}
