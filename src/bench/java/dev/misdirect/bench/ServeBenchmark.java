package dev.misdirect.bench;

import dev.misdirect.cli.serve.ProbeModules;
import dev.misdirect.cli.serve.ProbeServer;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Target;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code misdirect serve} answering 100 probe scrapes of a 10-authority target (the default module: covered,
 * sni-host-parity, no-421-when-coalesced, so every pair of names on the shared address is replayed; one healthy
 * virtual host serves them all), over HTTP as
 * Prometheus asks, against {@code Engine.check} of the same expectations called in-process 100 times (the same engine
 * and lab) in the same run. Heap after a full GC before and after the scrapes shows whether memory stays bounded.
 */
public final class ServeBenchmark {
    private static final int NAMES = 10;
    private static final int SCRAPES = 100;
    private static final int WARMUP = 10;

    public String run() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> names = VerifyBenchmark.names(NAMES, "serve");
        Scenario scenario = VerifyBenchmark.oneAddress("serve", names);
        LabCa ca = LabCa.open(Files.createTempDirectory("misdirect-bench-serve"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ProbeModules modules = ProbeModules.defaults();
        String target = String.join(",", names);
        long expectations;
        double sequentialMs;
        double concurrentMs;
        double baselineMs;
        long heapBefore;
        long heapAfter;
        int passed;
        try (RunningLab lab = new Lab(ca).start(scenario, false);
             EnginePools pools = EnginePools.forServer(16, 4)) {
            Engine engine = new Engine(pools);
            Target t = Target.lab(lab);
            Expectations exp = Engine.expectations(t, Optional.of(modules.get(ProbeModules.DEFAULT).orElseThrow()
                    .expectationsDocument(names)), "bench");
            expectations = exp.authorities().stream().mapToLong(a -> a.expectations().size()).sum();
            try (ProbeServer server = ProbeServer.start(engine, t, modules, new ProbeServer.Options(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, Optional.empty(), Duration.ofMillis(500)))) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                                + "/probe?module=default&target=" + target))
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .header(ProbeServer.SCRAPE_TIMEOUT_HEADER, "30").build();
                for (int i = 0; i < WARMUP; i++) {
                    scrapeOk(http, scrape);
                    engine.check(t, exp, Duration.ofSeconds(10));
                }
                heapBefore = heapAfterGc(memory);
                // the baseline and the endpoint alternate in blocks of ten, so the machine's load falls on both alike
                AtomicInteger ok = new AtomicInteger();
                double base = 0;
                double seq = 0;
                for (int block = 0; block < SCRAPES / 10; block++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        CheckReport r = engine.check(t, exp, Duration.ofSeconds(10));
                        if (!r.allPassed()) {
                            throw new IllegalStateException("one vhost serves every name: every expectation should hold");
                        }
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        if (scrapeOk(http, scrape)) {
                            ok.incrementAndGet();
                        }
                    }
                    long t2 = System.nanoTime();
                    base += (t1 - t0) / 1e6;
                    seq += (t2 - t1) / 1e6;
                }
                baselineMs = base;
                sequentialMs = seq;
                // two scrapes at a time (the endpoint's --max-concurrent 2): what two cores give
                ExecutorService two = Executors.newFixedThreadPool(2);
                long t0 = System.nanoTime();
                List<Future<Boolean>> all = new ArrayList<>();
                for (int i = 0; i < SCRAPES; i++) {
                    all.add(two.submit(() -> scrapeOk(http, scrape)));
                }
                for (Future<Boolean> f : all) {
                    if (f.get()) {
                        ok.incrementAndGet();
                    }
                }
                concurrentMs = (System.nanoTime() - t0) / 1e6;
                two.shutdown();
                heapAfter = heapAfterGc(memory);
                passed = ok.get();
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return "## Serve: 100 probe scrapes of a 10-authority target\n\n"
                + "One lab origin on 127.0.0.1 (Jetty, h2) serving " + NAMES + " names under one wildcard certificate, one"
                + " virtual host for all (a healthy deployment: every expectation holds); `misdirect serve`'s endpoint (`ProbeServer`, the JDK's HTTP"
                + " server, `--max-concurrent 2`) answers `GET /probe?module=default&target=n1…n10` in OpenMetrics: "
                + expectations + " expectations per probe (covered, sni-host-parity and no-421-when-coalesced for each"
                + " name; the last replays every other name's request before its own on the shared address). Baseline"
                + " in the same run: `Engine.check` of the same expectations called in-process, one after another, on"
                + " the same engine and lab, alternating with the scrapes in blocks of ten after " + WARMUP
                + " warm-up rounds of each. " + passed + " of " + (2 * SCRAPES) + " scrapes answered 200 with"
                + " `probe_success 1`.\n\n"
                + "| Measure | total ms | per probe ms | probes/s | × baseline time |\n|---|---:|---:|---:|---:|\n"
                + row("baseline: `Engine.check` in-process, " + SCRAPES + " times", baselineMs, baselineMs)
                + row(SCRAPES + " scrapes, one at a time", sequentialMs, baselineMs)
                + row(SCRAPES + " scrapes, two at a time", concurrentMs, baselineMs)
                + String.format(Locale.ROOT, "%nHeap after a full GC: %.1f MB before the %d scrapes, %.1f MB after"
                        + " (bounded: nothing is kept per probe but the endpoint's counters). System load average %.1f"
                        + " when the run began, %.1f at its end (2 cores shared with other builds).%n",
                        heapBefore / 1e6, 2 * SCRAPES, heapAfter / 1e6, loadBefore, loadAfter);
    }

    private static String row(String what, double totalMs, double baselineMs) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.2f | %.2f |%n", what, totalMs, totalMs / SCRAPES,
                SCRAPES / (totalMs / 1000), totalMs / baselineMs);
    }

    private static boolean scrapeOk(HttpClient http, HttpRequest scrape) throws Exception {
        HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("probe_success 1")) {
            throw new IllegalStateException("scrape answered " + r.statusCode() + ": " + r.body());
        }
        return true;
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
