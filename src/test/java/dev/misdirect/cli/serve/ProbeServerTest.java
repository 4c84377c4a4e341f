package dev.misdirect.cli.serve;

import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe endpoint against the in-process lab and a silent loopback port: metrics, 400s, 503, deadlines, health. */
class ProbeServerTest {
    private static final String TENANTS = "a.tenants.lab.test,b.tenants.lab.test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Labs labs;
    private static EnginePools pools;
    private static ProbeServer broken;
    private static ProbeServer fixed;

    @BeforeAll
    static void start() throws Exception {
        labs = Labs.withDefaultCa();
        pools = EnginePools.forServer(8, 4);
        Engine engine = new Engine(pools);
        broken = ProbeServer.start(engine, Target.lab(labs.start("tenants-wildcard", false)), ProbeModules.defaults(),
                options(2));
        fixed = ProbeServer.start(engine, Target.lab(labs.start("tenants-wildcard", true)), ProbeModules.defaults(),
                options(2));
    }

    @AfterAll
    static void stop() {
        broken.close();
        fixed.close();
        pools.close();
        labs.close();
    }

    static ProbeServer.Options options(int maxConcurrent) {
        return new ProbeServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), maxConcurrent,
                Optional.of("lab"), Duration.ofMillis(500));
    }

    static HttpResponse<String> get(ProbeServer server, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String probe(String target) {
        return "/probe?module=default&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("series %s in:%n%s", series, body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void the_broken_tenants_fail_the_probe_with_their_421s_and_the_fixed_ones_pass() throws Exception {
        HttpResponse<String> bad = get(broken, probe(TENANTS), "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/openmetrics-text"));
        String body = bad.body();
        assertThat(body).endsWith("# EOF\n");
        assertThat(value(body, "probe_success")).isZero();
        int port = labs.start("tenants-wildcard", false).port();
        String a = "a.tenants.lab.test:" + port;
        assertThat(value(body, "misdirect_misdirected_responses{vantage=\"lab\",authority=\"" + a + "\"}"))
                .isPositive();
        assertThat(value(body, "misdirect_expectation_passed{vantage=\"lab\",authority=\"" + a
                + "\",expectation=\"no-421-when-coalesced\"}")).isZero();
        assertThat(value(body, "misdirect_san_covered{vantage=\"lab\",authority=\"" + a + "\"}")).isEqualTo(1);

        String good = get(fixed, probe(TENANTS)).body();
        assertThat(value(good, "probe_success")).isEqualTo(1);
        int fixedPort = labs.start("tenants-wildcard", true).port();
        assertThat(value(good, "misdirect_misdirected_responses{vantage=\"lab\",authority=\"a.tenants.lab.test:"
                + fixedPort + "\"}")).isZero();
        assertThat(good).doesNotContain("# EOF").as("0.0.4 text when OpenMetrics is not asked for");
    }

    @Test
    void an_unknown_module_a_bad_target_and_a_name_outside_the_lab_are_answered_400_with_the_reason() throws Exception {
        HttpResponse<String> module = get(broken, "/probe?module=nope&target=a.tenants.lab.test");
        assertThat(module.statusCode()).isEqualTo(400);
        assertThat(module.body()).contains("module 'nope' is not defined").contains("default");

        HttpResponse<String> none = get(broken, "/probe?module=default");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("no target");

        HttpResponse<String> syntax = get(broken, probe("a.tenants.lab.test:99999"));
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(syntax.body()).contains("a.tenants.lab.test:99999");

        HttpResponse<String> twice = get(broken, probe("a.tenants.lab.test,A.tenants.lab.test"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("twice");

        HttpResponse<String> outside = get(broken, probe("shop.example.com"));
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("not a name of lab scenario tenants-wildcard");

        HttpResponse<String> header = get(broken, probe("a.tenants.lab.test"), ProbeServer.SCRAPE_TIMEOUT_HEADER, "soon");
        assertThat(header.statusCode()).isEqualTo(400);
        assertThat(header.body()).contains(ProbeServer.SCRAPE_TIMEOUT_HEADER);

        assertThat(get(broken, "/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void a_probe_finishes_within_the_scrape_timeout_less_the_margin_and_a_second_one_is_refused_503_while_it_runs(
            @TempDir Path dir) throws Exception {
        // a loopback port that accepts and never answers: the TLS handshake waits until the probe's deadline
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             EnginePools own = EnginePools.forServer(4, 2)) {
            Path file = dir.resolve("modules.yaml");
            Files.writeString(file, """
                    modules:
                      silent:
                        expect: {covered: true}
                        timeout: 30
                        pins: {silent.test: [127.0.0.1]}
                    """);
            try (ProbeServer one = ProbeServer.start(new Engine(own), Target.system(), ProbeModules.parse(
                    Files.readString(file), file), options(1))) {
                String path = "/probe?module=silent&target=silent.test:" + silent.getLocalPort();
                long start = System.nanoTime();
                CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(one, path, ProbeServer.SCRAPE_TIMEOUT_HEADER, "3");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                while (value(get(one, "/metrics").body(), "misdirect_serve_probes_in_flight") < 1) {
                    Thread.onSpinWait();
                }
                HttpResponse<String> second = get(one, path);
                assertThat(second.statusCode()).isEqualTo(503);
                assertThat(second.body()).contains("busy");

                HttpResponse<String> answered = first.get();
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(value(answered.body(), "probe_success")).isZero();
                // the deadline is 3 s - 0.5 s, not the module's 30 s (whose handshakes would wait 10 s each)
                assertThat(seconds).isLessThan(8);
                assertThat(value(answered.body(), "probe_duration_seconds")).isBetween(0.5, 2.6);

                String health = get(one, "/metrics").body();
                assertThat(value(health, "misdirect_serve_probe_errors_total{reason=\"busy\"}")).isEqualTo(1);
                assertThat(value(health, "misdirect_serve_probes_in_flight")).isZero();
                assertThat(health).contains("misdirect_serve_requests_total{");
            }
        }
    }

    @Test
    void a_non_get_request_is_answered_405() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + broken.address().getPort() + "/probe")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
