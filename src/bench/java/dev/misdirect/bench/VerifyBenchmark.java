package dev.misdirect.bench;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.VerifyOptions;
import dev.misdirect.core.session.VerifyProgress;
import dev.misdirect.lab.Diagram;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RoutingRule;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.misdirect.bench.LabStartupBenchmark.median;
import static dev.misdirect.bench.LabStartupBenchmark.row;

/**
 * {@code verify} of 50 authorities on one loopback address (2,450 ordered pairs), against the same number of requests
 * sent on isolated connections (one connection per authority, each request for its own authority, the same number
 * in flight) in the same run. Targets: at most 3 s, and at most 1.5× the isolated requests.
 */
public final class VerifyBenchmark {
    private static final int NAMES = 50;
    private static final int WARMUP = 3;
    private static final int RUNS = 7;

    public String run() throws Exception {
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> names = names(NAMES, "verify");
        Scenario scenario = oneAddress("verify", names);
        LabCa ca = LabCa.open(Files.createTempDirectory("misdirect-bench-verify"));
        Engine engine = new Engine(EnginePools.forCommand(16));
        double[] verifyMs = new double[RUNS];
        double[] sendMs = new double[RUNS];
        double[] planMs = new double[RUNS];
        double[] defaultRateMs = new double[RUNS];
        double[] isolatedMs = new double[RUNS];
        int pairs = 0;
        int requests = 0;
        long sharedOk = 0;
        try (RunningLab lab = new Lab(ca).start(scenario, false)) {
            VerifyOptions defaults = VerifyOptions.defaults().withBudget(NAMES * (NAMES - 1) + 2 * NAMES);
            VerifyOptions options = defaults.withRate(0);
            for (int i = -WARMUP; i < RUNS; i++) {
                long t0 = System.nanoTime();
                VerifyRun run = engine.verify(Target.lab(lab), lab.authoritySet(), options, VerifyProgress.none())
                        .result().get(120, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                double isolated = isolated(lab, names, run.requestsSent(), options.maxInFlight());
                long t2 = System.nanoTime();
                engine.planVerification(Target.lab(lab), lab.authoritySet(), options).result().get(120, TimeUnit.SECONDS);
                long t3 = System.nanoTime();
                engine.verify(Target.lab(lab), lab.authoritySet(), defaults, VerifyProgress.none())
                        .result().get(120, TimeUnit.SECONDS);
                long t4 = System.nanoTime();
                if (i >= 0) {
                    verifyMs[i] = (t1 - t0) / 1e6;
                    sendMs[i] = run.micros() / 1e3;
                    isolatedMs[i] = isolated;
                    planMs[i] = (t3 - t2) / 1e6;
                    defaultRateMs[i] = (t4 - t3) / 1e6;
                }
                pairs = run.pairs().size();
                requests = run.requestsSent();
                sharedOk = run.count(PairVerdict.SHARED_OK);
            }
        }
        double verify = median(verifyMs);
        double send = median(sendMs);
        double isolated = median(isolatedMs);
        double plan = median(planMs);
        double defaultRate = median(defaultRateMs);
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return "## Verify: 50 authorities on one address\n\n"
                + "One lab origin on 127.0.0.1 (Jetty, h2) serving " + NAMES + " names under one wildcard certificate; `Engine.verify`"
                + " of all " + pairs + " ordered pairs with the default options except the budget (" + requests
                + " requests: two on each authority's own connection, one per pair; the default budget of 2,500"
                + " would leave the last pairs untested) and the rate limit (off for the comparison; the default is "
                + String.format(Locale.ROOT, "%.0f", VerifyOptions.DEFAULT_RATE) + " requests per second with a burst of"
                + " one second's worth, last row). Baseline in the same run: the same number of GETs on isolated"
                + " connections (one OkHttp connection pool per authority, each request for its own authority, "
                + VerifyOptions.DEFAULT_IN_FLIGHT + " in flight, the first request of each authority before the rest, as"
                + " verify does). Medians of " + RUNS + " alternating runs after " + WARMUP + " warm-up runs. Verdicts: "
                + sharedOk + " of " + pairs + " shared-ok.\n\n"
                + "| Measure | median ms | × baseline |\n|---|---:|---:|\n"
                + row("baseline: " + requests + " requests on isolated connections", isolated, isolated)
                + row("verify, sending and judging (`VerifyRun.micros`)", send, isolated)
                + row("verify, whole use case (probe of 50 names, plan, send, judge)", verify, isolated)
                + row("of which the probe and the plan (`Engine.planVerification`, measured alone)", plan, isolated)
                + row("verify, whole use case, default rate limit", defaultRate, isolated)
                + String.format(Locale.ROOT, "%nTargets: whole verify ≤ 3000 ms — %s (%.0f ms; %.0f ms with the"
                        + " default rate limit); ≤ 1.5× the isolated requests — %s (%.2f× whole, %.2f× sending and"
                        + " judging). System load average %.1f when the run began, %.1f at its end (the machine is"
                        + " shared; other builds were running).%n",
                        verify <= 3000 ? "met" : "NOT met", verify, defaultRate,
                        verify <= 1.5 * isolated ? "met" : "NOT met", verify / isolated, send / isolated, loadBefore,
                        loadAfter);
    }

    /** {@code count} names under {@code *.DOMAIN.lab.test}: n1.DOMAIN.lab.test, n2... */
    static List<String> names(int count, String domain) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("n" + i + "." + domain + ".lab.test");
        }
        return names;
    }

    /**
     * A lab scenario of these names on one origin at 127.0.0.1 under one wildcard certificate
     * ({@code *.DOMAIN.lab.test}), one virtual host routing by Host that serves them all (both variants alike).
     */
    static Scenario oneAddress(String domain, List<String> names) {
        Map<String, List<String>> nameMap = new LinkedHashMap<>();
        names.forEach(n -> nameMap.put(n, List.of("127.0.0.1")));
        Scenario.Variant v = new Scenario.Variant(
                List.of(new Scenario.CertificateSpec(domain + "-bench", List.of("*." + domain + ".lab.test"))),
                List.of(new Scenario.OriginSpec("origin", Scenario.Role.ORIGIN, "127.0.0.1", RoutingRule.HOST_ROUTER,
                        List.of(new Scenario.VirtualHost("all", names, domain + "-bench", List.of("TLSv1.2", "TLSv1.3"),
                                false)), Optional.empty())),
                nameMap, "GET https://" + names.get(0) + ":" + Scenario.PORT + "/", List.of(), List.of(),
                new Diagram(List.of(), List.of()));
        return new Scenario(domain + "-bench", names.size() + " names on one address", "", "", v, v);
    }

    /** {@code total} GETs spread over the names, each on its own authority's connection; milliseconds. */
    private static double isolated(RunningLab lab, List<String> names, int total, int inFlight) throws Exception {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(inFlight);
        dispatcher.setMaxRequestsPerHost(inFlight);
        OkHttpClient base = ReplayRecorderBenchmark.bare(lab, true).newBuilder().dispatcher(dispatcher).build();
        List<OkHttpClient> clients = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            clients.add(base.newBuilder().connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES)).build());
        }
        long t0 = System.nanoTime();
        send(clients, names, lab.port(), names.size());
        send(clients, names, lab.port(), total - names.size());
        double ms = (System.nanoTime() - t0) / 1e6;
        clients.forEach(c -> c.connectionPool().evictAll());
        dispatcher.executorService().shutdown();
        return ms;
    }

    private static void send(List<OkHttpClient> clients, List<String> names, int port, int count) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            int n = i % names.size();
            Request request = new Request.Builder().url("https://" + names.get(n) + ":" + port + "/").build();
            clients.get(n).newCall(request).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (response) {
                        response.body().bytes();
                    }
                    done.countDown();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    failed.incrementAndGet();
                    done.countDown();
                }
            });
        }
        if (!done.await(120, TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException("the isolated baseline failed: " + failed.get() + " requests");
        }
    }
}
