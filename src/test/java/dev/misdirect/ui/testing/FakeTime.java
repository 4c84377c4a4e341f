package dev.misdirect.ui.testing;

import dev.misdirect.ui.common.EventBatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A fake monotonic clock with a scheduler that runs tasks when the clock passes their due time. */
public final class FakeTime implements EventBatcher.Clock, EventBatcher.Scheduler {
    private record Due(long at, Runnable task) {
    }

    private long now;
    private final List<Due> pending = new ArrayList<>();

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        pending.add(new Due(now + delayNanos, task));
    }

    /** Moves time forward, running every task that falls due, in due order. */
    public void advance(long nanos) {
        long target = now + nanos;
        while (true) {
            Due next = pending.stream().filter(d -> d.at() <= target).min(Comparator.comparingLong(Due::at)).orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            now = Math.max(now, next.at());
            next.task().run();
        }
        now = target;
    }

    public int pendingTasks() {
        return pending.size();
    }
}
