package dev.misdirect.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Coalesces a flood of events from any thread into at most one UI update per interval (50 ms gives ≤ 20 updates
 * per second). {@link #offer} never blocks and may be called from any thread; the sink receives the events in
 * arrival order, in batches, on the UI executor. The first event after a quiet period is delivered at once, so a
 * single event is never delayed.
 *
 * @param <T> the event type
 */
public final class EventBatcher<T> {

    /** Schedules a task after a delay (the app uses a daemon {@code ScheduledExecutorService}; tests a fake clock). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    /** A monotonic clock in nanoseconds ({@code System::nanoTime} in the app). */
    @FunctionalInterface
    public interface Clock {
        long nanos();
    }

    private final Executor ui;
    private final Consumer<List<T>> sink;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long intervalNanos;

    private final Object lock = new Object();
    private List<T> pending = new ArrayList<>();
    private boolean flushScheduled;
    private long lastFlushNanos;
    private boolean flushedBefore;

    public EventBatcher(Executor ui, Consumer<List<T>> sink, Clock clock, Scheduler scheduler, long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.ui = ui;
        this.sink = sink;
        this.clock = clock;
        this.scheduler = scheduler;
        this.intervalNanos = intervalNanos;
    }

    /** Queues one event; schedules a flush unless one is already due. */
    public void offer(T event) {
        long delay;
        synchronized (lock) {
            pending.add(event);
            if (flushScheduled) {
                return;
            }
            flushScheduled = true;
            long sinceLast = clock.nanos() - lastFlushNanos;
            delay = !flushedBefore || sinceLast >= intervalNanos ? 0 : intervalNanos - sinceLast;
        }
        if (delay == 0) {
            flush();
        } else {
            scheduler.schedule(this::flush, delay);
        }
    }

    /** Delivers what is pending now (also called by the scheduler). */
    public void flush() {
        List<T> batch;
        synchronized (lock) {
            flushScheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new ArrayList<>();
            lastFlushNanos = clock.nanos();
            flushedBefore = true;
        }
        ui.execute(() -> sink.accept(batch));
    }
}
