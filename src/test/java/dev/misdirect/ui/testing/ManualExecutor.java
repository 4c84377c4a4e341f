package dev.misdirect.ui.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that queues tasks until the test runs them. */
public final class ManualExecutor implements Executor {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
        queue.add(command);
    }

    /** Runs queued tasks (and those they queue) until none is left; returns how many ran. */
    public int runAll() {
        int n = 0;
        while (!queue.isEmpty()) {
            queue.poll().run();
            n++;
        }
        return n;
    }

    /** Runs the oldest queued task. */
    public void runOne() {
        queue.poll().run();
    }

    public int queued() {
        return queue.size();
    }
}
