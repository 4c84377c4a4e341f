package dev.misdirect.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.cli.serve.ProbeModules;
import dev.misdirect.cli.serve.ProbeServer;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Prometheus on loopback scrapes {@code misdirect serve} (in this JVM) the way it scrapes blackbox_exporter,
 * with the packaged alert rules: one endpoint probes the lab's tenants-wildcard scenario (broken: a 421 when the
 * tenants' requests share a connection), another its fixed variant. Prometheus's own query API then shows the series,
 * that its OpenMetrics parser took every scrape, and that MisdirectedRequestSeen fires for the broken tenants only.
 */
@RequiresPrograms(RequiresPrograms.Program.PROMETHEUS)
class PrometheusInteropTest {
    private static final String TENANTS = "a.tenants.lab.test,b.tenants.lab.test";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheus_scrapes_serve_and_the_421_alert_fires_for_the_broken_tenants_and_not_for_the_fixed_ones(
            @TempDir Path dir) throws Exception {
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forServer(8, 4)) {
            Engine engine = new Engine(pools);
            try (ProbeServer broken = serve(engine, Target.lab(labs.start("tenants-wildcard", false)));
                 ProbeServer fixed = serve(engine, Target.lab(labs.start("tenants-wildcard", true)))) {
                // the first probe of a JVM loads the TLS and HTTP code; Prometheus's scrapes then fit their timeout
                warmUp(broken);
                warmUp(fixed);
                int port = RealServer.freePort("127.0.0.1");
                Process prometheus = startPrometheus(dir, port, broken, fixed);
                try {
                    String api = "http://127.0.0.1:" + port;
                    await(api + "/-/ready", prometheus, dir.resolve("prometheus.log"));

                    Map<String, Double> success = awaitQuery(api, "probe_success",
                            m -> Double.valueOf(1).equals(m.get("misdirect-fixed")) && m.containsKey("misdirect-broken"));
                    assertThat(success).containsEntry("misdirect-broken", 0.0);

                    JsonNode alerts = awaitJson(api + "/api/v1/alerts", a -> firing(a, "misdirect-broken").size() == 2);
                    assertThat(firing(alerts, "misdirect-broken")).extracting(x -> x.get("labels").get("authority").asText())
                            .allMatch(authority -> authority.matches("[ab]\\.tenants\\.lab\\.test:\\d+"));
                    assertThat(firing(alerts, "misdirect-fixed")).isEmpty();
                    assertThat(pending(alerts, "misdirect-fixed")).isEmpty();

                    assertThat(values(query(api, "last_over_time(misdirect_misdirected_responses{job=\"misdirect-fixed\"}[1m])")))
                            .hasSize(2).allMatch(v -> v == 0);
                    assertThat(values(query(api,
                            "last_over_time(misdirect_expectation_passed{job=\"misdirect-broken\",expectation=\"no-421-when-coalesced\"}[1m])")))
                            .hasSize(2).allMatch(v -> v == 0);
                    assertThat(values(query(api,
                            "last_over_time(misdirect_expectation_passed{job=\"misdirect-fixed\",vantage=\"lab\"}[1m])")))
                            .hasSize(6).allMatch(v -> v == 1);
                    assertThat(values(query(api, "last_over_time(misdirect_san_covered{job=\"misdirect-broken\"}[1m])")))
                            .hasSize(2).allMatch(v -> v == 1);

                    // the endpoints' own health, in OpenMetrics: counters and a summary as Prometheus reads them, once
                    // every target has been scraped (scrapes are spread over the interval, so one may still be due)
                    awaitJson(api + "/api/v1/targets", t -> t.at("/data/activeTargets").size() == 4
                            && java.util.stream.StreamSupport.stream(t.at("/data/activeTargets").spliterator(), false)
                            .noneMatch(x -> "unknown".equals(x.path("health").asText())));
                    assertThat(values(query(api, "up{job=\"misdirect-serve\"}"))).hasSize(2).allMatch(v -> v == 1);
                    assertThat(values(query(api, "misdirect_serve_requests_total{path=\"/probe\",code=\"200\"}")))
                            .hasSize(2).allMatch(v -> v >= 1);
                    assertThat(values(query(api, "misdirect_serve_probe_duration_seconds_count"))).hasSize(2);

                    JsonNode targets = getJson(api + "/api/v1/targets");
                    assertThat(targets.at("/data/activeTargets")).hasSize(4).allSatisfy(t -> {
                        assertThat(t.get("health").asText()).as(t.toString()).isEqualTo("up");
                        assertThat(t.get("lastError").asText()).as(t.toString()).isEmpty();
                    });
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private static ProbeServer serve(Engine engine, Target target) throws IOException {
        return ProbeServer.start(engine, target, ProbeModules.defaults(), new ProbeServer.Options(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, Optional.of("lab"), Duration.ofMillis(500)));
    }

    private void warmUp(ProbeServer server) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/probe?target=" + URLEncoder.encode(TENANTS, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static Process startPrometheus(Path dir, int port, ProbeServer broken, ProbeServer fixed) throws IOException {
        Path rules = Path.of("packaging/prometheus/misdirect-alerts.yml").toAbsolutePath();
        String b = "127.0.0.1:" + broken.address().getPort();
        String f = "127.0.0.1:" + fixed.address().getPort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 5s
                  scrape_timeout: 5s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                %s
                %s
                  - job_name: misdirect-serve
                    static_configs:
                      - targets: ['%s', '%s']
                """.formatted(rules, probeJob("misdirect-broken", b), probeJob("misdirect-fixed", f), b, f));
        return new ProcessBuilder(List.of(Promtool.PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    /** A blackbox-style job: the target becomes ?target=, the instance label, and the scrape goes to the endpoint. */
    private static String probeJob(String name, String endpoint) {
        return """
                  - job_name: %s
                    metrics_path: /probe
                    params:
                      module: [default]
                    static_configs:
                      - targets: ['%s']
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: __param_target
                      - source_labels: [__param_target]
                        target_label: instance
                      - target_label: __address__
                        replacement: '%s'""".formatted(name, TENANTS, endpoint).indent(2).stripTrailing();
    }

    private static List<JsonNode> firing(JsonNode alerts, String job) {
        return alerts(alerts, job, "firing");
    }

    private static List<JsonNode> pending(JsonNode alerts, String job) {
        return alerts(alerts, job, "pending");
    }

    private static List<JsonNode> alerts(JsonNode alerts, String job, String state) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : alerts.at("/data/alerts")) {
            if (a.get("labels").path("job").asText().equals(job) && a.get("state").asText().equals(state)
                    && a.get("labels").get("alertname").asText().equals("MisdirectedRequestSeen")) {
                out.add(a);
            }
        }
        return out;
    }

    /** The query's value per job (the last sample per job when several series share one). */
    private Map<String, Double> awaitQuery(String api, String promql, Predicate<Map<String, Double>> done)
            throws Exception {
        JsonNode result = awaitJson(queryUrl(api, promql), r -> done.test(byJob(r)));
        return byJob(result);
    }

    private static Map<String, Double> byJob(JsonNode response) {
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode series : response.at("/data/result")) {
            out.put(series.get("metric").path("job").asText(), series.get("value").get(1).asDouble());
        }
        return out;
    }

    private JsonNode query(String api, String promql) throws Exception {
        JsonNode r = getJson(queryUrl(api, promql));
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("success");
        return r;
    }

    private static List<Double> values(JsonNode response) {
        List<Double> out = new ArrayList<>();
        response.at("/data/result").forEach(s -> out.add(s.get("value").get(1).asDouble()));
        return out;
    }

    private static String queryUrl(String api, String promql) {
        return api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }

    private JsonNode getJson(String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Polls {@code url} until its JSON satisfies {@code done}, failing with the last answer after {@link #WAIT}. */
    private JsonNode awaitJson(String url, Predicate<JsonNode> done) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            try {
                last = getJson(url);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException notYet) {
                // Prometheus is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no answer from " + url + " within " + WAIT.toSeconds() + " s did; the last: " + last);
    }

    /** Waits until {@code url} answers 200; fails with Prometheus's log when it exited or did not get ready. */
    private void await(String url, Process prometheus, Path log) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until && prometheus.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not answer 200 (Prometheus " + (prometheus.isAlive() ? "still starting"
                : "exited " + prometheus.exitValue()) + "); its log:\n" + Files.readString(log));
    }
}
