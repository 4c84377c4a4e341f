package dev.misdirect.ui.app;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EngineThreadsTest {
    @Test
    void the_engine_pools_run_daemon_threads_named_after_their_concern_at_the_lowest_priority() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1, WorkbenchApp.named("misdirect-probe"));
        try {
            Thread worker = CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);
            assertThat(worker.getName()).isEqualTo("misdirect-probe-1");
            assertThat(worker.isDaemon()).isTrue();
            assertThat(worker.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            Thread child = CompletableFuture.supplyAsync(() -> {
                Thread t = new Thread(() -> { }, "started-by-a-probe-thread");
                return t;
            }, pool).get(10, TimeUnit.SECONDS);
            assertThat(child.getPriority()).as("a thread the engine starts inherits the priority")
                    .isEqualTo(Thread.MIN_PRIORITY);
        } finally {
            pool.shutdownNow();
        }
    }
}
