package dev.misdirect.lab;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The requests a running lab served, in arrival order (the latest {@link #MAX_ENTRIES}), plus a listener stream.
 * Thread-safe.
 * Entries are recorded before the response is written, so a client holding a response finds its entry.
 */
public final class ServerLog {
    /** How many entries the log keeps; older ones are dropped (listeners still see every entry). */
    public static final int MAX_ENTRIES = 10_000;

    private final ArrayDeque<ServedRequest> entries = new ArrayDeque<>();
    private final List<Consumer<ServedRequest>> listeners = new CopyOnWriteArrayList<>();

    /** A snapshot of the entries so far. */
    public synchronized List<ServedRequest> entries() {
        return List.copyOf(entries);
    }

    /**
     * Calls {@code listener} for each later entry, on the server thread that served the request (keep it short;
     * hand off to another executor for real work). A listener that throws is logged and kept, so one listener
     * cannot break serving. Close the returned subscription to stop; closing never throws.
     */
    public Subscription subscribe(Consumer<ServedRequest> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A listener registration; {@link #close()} removes it. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    void record(ServedRequest entry) {
        synchronized (this) {
            if (entries.size() == MAX_ENTRIES) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
        for (Consumer<ServedRequest> l : listeners) {
            try {
                l.accept(entry);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ServerLog.class).warn("lab log listener failed: {}", e.toString());
            }
        }
    }
}
