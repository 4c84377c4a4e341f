package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Predictions from a real probe of loopback TLS servers, as the command line makes them. */
class ProbedPredictionTest {
    static final TestPki.Issued CA = TestPki.ca("Prediction Test CA");
    static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Prober.newExecutor(4);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static List<ProbeResult> probe(List<Authority> authorities) throws InterruptedException {
        Prober prober = new Prober(pool, new MapResolver(Map.of(), "test name map"), ChainVerifier.trusting(List.of(CA.cert())));
        return prober.probe(authorities, ProbeOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))
                .withTlsTimeout(Duration.ofSeconds(3)));
    }

    private static PairDecision pair(CoalescingPrediction p, String first, String second) {
        return p.pairs().stream().filter(d -> d.first().equals(first) && d.second().equals(second)).findFirst()
                .orElseThrow();
    }

    @Test
    void a_and_b_behind_one_server_with_a_multi_san_cert_coalesce_for_browsers_and_okhttp_and_c_stays_alone() throws Exception {
        var ab = TestPki.leaf(CA, "a.example", List.of("a.example", "b.example"), List.of());
        var c = TestPki.leaf(CA, "c.example", List.of("c.example"), List.of());
        try (var shared = TlsTestServer.on("127.0.0.11").identity(ab).start();
             var alone = TlsTestServer.on("127.0.0.12").identity(c).start()) {
            String aKey = "a.example:" + shared.port();
            String bKey = "b.example:" + shared.port();
            List<ProbeResult> results = probe(List.of(
                    Authority.of("a.example", shared.port()).withResolve(List.of("127.0.0.11")),
                    Authority.of("b.example", shared.port()).withResolve(List.of("127.0.0.11")),
                    Authority.of("c.example", alone.port()).withResolve(List.of("127.0.0.12"))));

            Predictor predictor = new Predictor();
            List<CoalescingPrediction> predictions = predictor.predictAll(results);

            for (CoalescingPrediction p : predictions) {
                switch (p.policy()) {
                    case "chromium-h3" -> {
                        // the loopback servers offer no HTTP/3: nothing is claimed, and the reason is given
                        assertThat(p.groups()).as(p.policy()).isEmpty();
                        assertThat(pair(p, aKey, bKey).rule()).startsWith("not predicted: no HTTP/3 advertisement")
                                .doesNotContain("speaks HTTP/2");
                    }
                    case "chromium-h2", "firefox", "firefox-aggressive", "okhttp", "safari" -> {
                        assertThat(p.groups()).as(p.policy()).containsExactly(List.of(aKey, bKey));
                        PairDecision d = pair(p, aKey, bKey);
                        assertThat(d.rule()).contains("the certificate served for a.example:" + shared.port()
                                + " covers b.example:" + shared.port() + " via b.example");
                        // One certificate and the same TLS settings for both names behind that address.
                        assertThat(d.risk()).isEqualTo(MisdirectRisk.POSSIBLE);
                    }
                    case "curl", "go", "java-httpclient", "undici", "dotnet-h2", "dotnet-h3", "httpx", "isolated" -> assertThat(p.groups()).as(p.policy()).isEmpty();
                    default -> {
                    }
                }
                assertThat(p.pairs()).hasSize(6).allSatisfy(d -> assertThat(d.rule()).matches("(shared|refused|not predicted): .+"));
            }
            List<Finding> findings = predictor.findings(predictions);
            assertThat(findings).singleElement().satisfies(f -> assertThat(f.title()).startsWith(
                    "Chromium, Firefox, OkHttp, Safari, Envoy and an IP-keyed pool will coalesce b.example:" + shared.port()));
        }
    }

    @Test
    void a_server_that_picks_a_different_certificate_for_b_by_sni_is_a_likely_421() throws Exception {
        var ab = TestPki.leaf(CA, "a.example", List.of("a.example", "b.example"), List.of());
        var bOwn = TestPki.leaf(CA, "b.example", List.of("b.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.11").identity(ab).forSni("b.example", bOwn).start()) {
            List<ProbeResult> results = probe(List.of(
                    Authority.of("a.example", server.port()).withResolve(List.of("127.0.0.11")),
                    Authority.of("b.example", server.port()).withResolve(List.of("127.0.0.11"))));

            CoalescingPrediction chromium = new Predictor().predict(results, PredictionInput.defaults(),
                    java.util.EnumSet.of(ClientPolicy.CHROMIUM_H2)).get(0);

            PairDecision d = pair(chromium, "a.example:" + server.port(), "b.example:" + server.port());
            assertThat(d.shared()).isTrue();
            assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
            assertThat(d.riskReason()).contains("different certificates behind one IP").contains("AH02032");
            // b's own certificate does not cover a: the other direction is refused.
            assertThat(pair(chromium, "b.example:" + server.port(), "a.example:" + server.port()).shared()).isFalse();
        }
    }
}
