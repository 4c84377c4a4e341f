package dev.misdirect.core.session;

import dev.misdirect.core.probe.Prober;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The executors the engine runs on, one per concern. The face that makes them owns them: the workbench keeps its
 * pools for the life of the window, a command makes them with {@link #forCommand} and closes them when it ends.
 *
 * @param probe  probe connections and handshakes
 * @param dns    system DNS lookups (blocking calls into the resolver)
 * @param replay replays (one run at a time per thread)
 */
public record EnginePools(ExecutorService probe, ExecutorService dns, ExecutorService replay) implements AutoCloseable {
    public EnginePools {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(replay, "replay");
    }

    /** Daemon pools for one command: {@code probeConcurrency} authorities probed at once, one replay thread. */
    public static EnginePools forCommand(int probeConcurrency) {
        return new EnginePools(Prober.newExecutor(probeConcurrency), Prober.newDnsExecutor(),
                Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "misdirect-replay");
                    t.setDaemon(true);
                    return t;
                }));
    }

    /**
     * Daemon pools for a long-running server of checks: {@code probeConcurrency} authorities probed at once and
     * {@code replayThreads} replays at once (a check's replays and its pair verification each hold one while they run).
     */
    public static EnginePools forServer(int probeConcurrency, int replayThreads) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return new EnginePools(Prober.newExecutor(probeConcurrency), Prober.newDnsExecutor(),
                Executors.newFixedThreadPool(replayThreads, r -> {
                    Thread t = new Thread(r, "misdirect-replay-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }));
    }

    /** Stops every pool, interrupting work in flight. */
    @Override
    public void close() {
        probe.shutdownNow();
        dns.shutdownNow();
        replay.shutdownNow();
    }
}
