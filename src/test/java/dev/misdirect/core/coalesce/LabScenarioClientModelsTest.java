package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import static dev.misdirect.core.coalesce.ClientPolicy.DOTNET_H2;
import static dev.misdirect.core.coalesce.ClientPolicy.DOTNET_H3;
import static dev.misdirect.core.coalesce.ClientPolicy.HTTPX;
import static dev.misdirect.core.coalesce.ClientPolicy.SAFARI;
import static dev.misdirect.core.coalesce.ClientPolicy.UNDICI;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Safari, Node undici, .NET and httpx models on every lab scenario (both variants), predicted from a real probe of
 * the running scenario as {@code misdirect predict --lab} makes it.
 */
class LabScenarioClientModelsTest {
    private static final Set<ClientPolicy> NEVER = EnumSet.of(UNDICI, DOTNET_H2, DOTNET_H3, HTTPX);
    private static Lab lab;

    @BeforeAll
    static void setUp() {
        lab = new Lab(LabCa.open(LabCa.defaultDirectory()));
    }

    /**
     * Scenario, variant, whether Safari puts the second name's request on the first name's connection, and the words
     * that decided it: one address with a covering certificate is the reported case; a certificate that does not
     * cover the other name is refused by RFC 9113 §9.1.1.
     */
    static Stream<Arguments> safariOnEveryScenario() {
        String reported = "(the case reported for Safari; its full rule is not public)";
        String uncovered = "does not cover";
        return Stream.of(
                Arguments.of("tenants-wildcard", false, true, "via *.tenants.lab.test"),
                Arguments.of("tenants-wildcard", true, false, uncovered),
                Arguments.of("vhost-tls-mismatch", false, true, reported),
                Arguments.of("vhost-tls-mismatch", true, true, reported),
                Arguments.of("ingress-missing-san", false, true, reported),
                Arguments.of("ingress-missing-san", true, true, reported),
                Arguments.of("ip-keyed-proxy", false, true, reported),
                Arguments.of("ip-keyed-proxy", true, true, reported),
                Arguments.of("vhost-client-auth", false, true, reported),
                Arguments.of("vhost-client-auth", true, false, uncovered),
                Arguments.of("healthy-separate-ips", false, false, uncovered),
                Arguments.of("healthy-separate-ips", true, false, uncovered));
    }

    @ParameterizedTest(name = "{0} fixed={1}: safari shares={2}")
    @MethodSource("safariOnEveryScenario")
    void each_new_client_model_decides_every_lab_scenario(String id, boolean fixed, boolean safariShares, String says)
            throws Exception {
        List<ProbeResult> probes = probe(id, fixed);
        String first = probes.get(0).authority().key();
        String second = probes.get(1).authority().key();
        Predictor predictor = new Predictor();
        List<CoalescingPrediction> predictions = predictor.predict(probes, PredictionInput.defaults(),
                EnumSet.of(SAFARI, UNDICI, DOTNET_H2, DOTNET_H3, HTTPX));

        for (CoalescingPrediction p : predictions) {
            ClientPolicy policy = ClientPolicy.byId(p.policy()).orElseThrow();
            assertThat(p.onMisdirected()).isEqualTo(policy.onMisdirected());
            if (NEVER.contains(policy)) {
                assertThat(p.groups()).as(p.policy()).isEmpty();
                assertThat(p.pairs()).as(p.policy()).isNotEmpty().allSatisfy(d -> assertThat(d.rule())
                        .startsWith("refused: " + NEVER_REASON.get(policy)));
                continue;
            }
            PairDecision d = p.pairs().stream().filter(x -> x.first().equals(first) && x.second().equals(second))
                    .findFirst().orElseThrow();
            assertThat(d.shared()).as(d.rule()).isEqualTo(safariShares);
            assertThat(d.rule()).startsWith(safariShares ? "shared: " : "refused: ").contains(says);
        }
        List<Finding> findings = predictor.findings(predictions);
        if (safariShares) {
            assertThat(findings).anySatisfy(f -> assertThat(f.title()).startsWith("Safari will coalesce")
                    .endsWith("Node.js undici, .NET and httpx will not"))
                    .allSatisfy(f -> assertThat(f.explanation()).contains("On 421: Safari shows the 421 to the user"));
        } else {
            assertThat(findings).noneMatch(f -> f.title().startsWith("Safari will coalesce " + first));
        }
    }

    private static final Map<ClientPolicy, String> NEVER_REASON = Map.of(
            UNDICI, "undici keeps one connection pool per origin",
            DOTNET_H2, ".NET HttpClient keys its connection pools by host, port and SNI",
            DOTNET_H3, ".NET HttpClient keys its connection pools by host, port and SNI",
            HTTPX, "httpx (httpcore) reuses a connection only for its own origin");

    private static List<ProbeResult> probe(String id, boolean fixed) throws Exception {
        try (RunningLab running = lab.start(Scenarios.byId(id), fixed)) {
            ExecutorService executor = Prober.newExecutor(2);
            try {
                return new Prober(executor, new MapResolver(running.nameMap(), "lab name map"),
                        ChainVerifier.trusting(List.of(running.caCertificate())))
                        .probe(running.authoritySet().authorities(), ProbeOptions.defaults());
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
