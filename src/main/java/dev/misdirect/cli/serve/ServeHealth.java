package dev.misdirect.cli.serve;

import dev.misdirect.core.metrics.OpenMetricsWriter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** The probe endpoint's own health, served at {@code /metrics}: requests, probe durations, probes in flight, errors. Thread-safe. */
final class ServeHealth {
    private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>(); // "path code"
    private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();   // reason
    private final Map<String, LongAdder> probeCount = new ConcurrentSkipListMap<>(); // module
    private final Map<String, DoubleAdder> probeSeconds = new ConcurrentSkipListMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    void request(String path, int code) {
        requests.computeIfAbsent(path + " " + code, k -> new LongAdder()).increment();
    }

    void error(String reason) {
        errors.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void probeStarted() {
        inFlight.incrementAndGet();
    }

    void probeEnded(String module, double seconds) {
        inFlight.decrementAndGet();
        probeSeconds.computeIfAbsent(module, k -> new DoubleAdder()).add(seconds);
        probeCount.computeIfAbsent(module, k -> new LongAdder()).increment();
    }

    int inFlight() {
        return inFlight.get();
    }

    String render(OpenMetricsWriter.Format format) {
        OpenMetricsWriter w = new OpenMetricsWriter(format);
        OpenMetricsWriter.Family r = w.family("misdirect_serve_requests", OpenMetricsWriter.Type.COUNTER, "",
                "HTTP requests answered, by path and status code.");
        requests.forEach((k, v) -> {
            int space = k.lastIndexOf(' ');
            r.sample(Map.of("path", k.substring(0, space), "code", k.substring(space + 1)), v.sum());
        });
        OpenMetricsWriter.Family d = w.family("misdirect_serve_probe_duration_seconds", OpenMetricsWriter.Type.SUMMARY,
                "seconds", "Time taken by the probes that ran, by module.");
        probeCount.forEach((module, n) -> d.summary(Map.of("module", module), n.sum(),
                probeSeconds.getOrDefault(module, new DoubleAdder()).sum()));
        w.family("misdirect_serve_probes_in_flight", OpenMetricsWriter.Type.GAUGE, "",
                "Probes running now.").sample(Map.of(), inFlight.get());
        OpenMetricsWriter.Family e = w.family("misdirect_serve_probe_errors", OpenMetricsWriter.Type.COUNTER, "",
                "Probes that could not give a result, by reason (deadline, cannot-run, busy, internal).");
        for (String reason : List.of("busy", "cannot-run", "deadline", "internal")) {
            e.sample(Map.of("reason", reason), errors.getOrDefault(reason, new LongAdder()).sum());
        }
        return w.finish();
    }
}
