package dev.misdirect.core.session;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.vantage.Aspect;
import dev.misdirect.core.vantage.Difference;
import dev.misdirect.core.vantage.SessionMerge;
import dev.misdirect.core.vantage.VantageDiff;
import dev.misdirect.lab.RunningLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three simulated vantage points on one lab: the {@code ingress-missing-san} scenario's two nodes, and a geo DNS that
 * sends eu-west and us-east to node 1 (127.0.0.11, a certificate for a and b) and ap-south to node 2 (127.0.0.12,
 * a certificate for a only, no vhost for b). Merged, the sessions must point at node 2 from ap-south, and at nothing
 * else.
 */
class VantageMergeTest {
    private static final String NODE_1 = "127.0.0.11";
    private static final String NODE_2 = "127.0.0.12";
    @TempDir
    static Path home;
    private static Labs labs;
    private static RunningLab lab;
    private static final Engine ENGINE = TestEngine.engine();
    private static final Map<String, Measured> BY_VANTAGE = new LinkedHashMap<>();

    private record Measured(Inspection inspection, VerifyRun run, Session session) {
    }

    @BeforeAll
    static void measureFromThreeVantages() throws Exception {
        labs = TestEngine.labs(home.resolve("ca"));
        lab = labs.start("ingress-missing-san", false);
        for (Map.Entry<String, String> v : Map.of("eu-west", NODE_1, "us-east", NODE_1, "ap-south", NODE_2)
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            BY_VANTAGE.put(v.getKey(), measure(v.getKey(), v.getValue()));
        }
    }

    @AfterAll
    static void stopLab() {
        labs.close();
    }

    /** A vantage whose DNS answers every lab name with one node: what a geo DNS does per region. */
    static Target vantage(String label, String node) {
        Map<String, List<String>> geo = new LinkedHashMap<>();
        lab.nameMap().keySet().forEach(host -> geo.put(host, List.of(node)));
        return Target.lab(lab).withResolver(new MapResolver(geo, "geo DNS " + label))
                .withVantageLabel(Optional.of(label));
    }

    /** The lab's names without their {@code resolve=} addresses, so that each vantage's DNS decides. */
    static AuthoritySet names() {
        return AuthoritySet.of(lab.authoritySet().authorities().stream().map(a -> Authority.of(a.host(), a.port()))
                .toList());
    }

    private static Measured measure(String label, String node) throws Exception {
        Target target = vantage(label, node);
        AuthoritySet set = names();
        Inspection inspection = ENGINE.probe(target, set, ProbeOptions.defaults(), ProbeListener.none()).result()
                .get(60, TimeUnit.SECONDS);
        VerifyRun run = ENGINE.verify(target, set, VerifyOptions.defaults(), VerifyProgress.none()).result()
                .get(60, TimeUnit.SECONDS);
        Session session = Session.of("from " + label, set, Instant.now())
                .withProbes(inspection.results(), inspection.findings()).withVantage(inspection.vantage())
                .withVerification(run);
        return new Measured(inspection, run, session);
    }

    private static Session merged() throws Exception {
        return ENGINE.merge(BY_VANTAGE.entrySet().stream()
                .map(e -> new SessionMerge.Source(e.getKey() + ".json", e.getValue().session())).toList());
    }

    @Test
    void every_probe_and_verification_records_its_label_resolver_host_and_the_egress_its_sockets_measured() {
        BY_VANTAGE.forEach((label, m) -> {
            Vantage probed = m.inspection().vantage().orElseThrow();
            assertThat(probed.label()).contains(label);
            assertThat(probed.resolver()).isEqualTo("geo DNS " + label);
            assertThat(probed.host()).isNotBlank();
            assertThat(probed.egress()).as("loopback connections leave from a loopback address").isNotEmpty()
                    .allSatisfy(a -> assertThat(a).startsWith("127."));
            Vantage verified = m.run().vantage().orElseThrow();
            assertThat(verified.label()).contains(label);
            assertThat(verified.egress()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("127."));
        });
    }

    @Test
    void a_check_session_records_its_vantage_with_the_egress_of_its_probe() throws Exception {
        Target target = Target.lab(lab).withVantageLabel(Optional.of("ci-runner-3"));
        var report = ENGINE.check(target, Engine.expectations(target, Optional.empty(), "lab"),
                java.time.Duration.ofSeconds(10));

        assertThat(report.session().vantage()).hasValueSatisfying(v -> {
            assertThat(v.label()).contains("ci-runner-3");
            assertThat(v.resolver()).isEqualTo("resolve override");
            assertThat(v.egress()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("127."));
        });
    }

    @Test
    void merged_the_three_vantages_point_at_node_2_from_ap_south_and_at_nothing_else() throws Exception {
        Session merged = merged();
        List<Difference> differences = VantageDiff.differences(merged.vantages());

        assertThat(merged.vantages()).extracting(v -> v.name()).containsExactly("ap-south", "eu-west", "us-east");
        assertThat(differences).isNotEmpty().allSatisfy(d -> {
            assertThat(d.differingVantages()).as(d.aspect() + " " + d.subject()).containsExactly("ap-south");
            assertThat(d.groups().get(0).vantages()).containsExactly("eu-west", "us-east");
            assertThat(d.differingAddresses()).as(d.aspect() + " " + d.subject()).containsOnly(NODE_2);
        });
        String b = lab.authoritySet().authorities().stream().filter(a -> a.host().startsWith("b.")).findFirst()
                .orElseThrow().key();
        assertThat(differences).anySatisfy(d -> {
            assertThat(d.aspect()).isEqualTo(Aspect.CERTIFICATE);
            assertThat(d.subject()).isEqualTo(b);
            assertThat(d.severity()).as("node 2's certificate lacks b: other names").isEqualTo(Severity.PROBLEM);
        });
        assertThat(differences).anySatisfy(d -> {
            assertThat(d.aspect()).isEqualTo(Aspect.ADDRESSES);
            assertThat(d.groups().get(0).addresses()).containsExactly(NODE_1);
        });
        assertThat(differences).as("node 2 answers b's request on a's connection 421; node 1 serves it")
                .anySatisfy(d -> assertThat(d.aspect()).isEqualTo(Aspect.MISDIRECTED));
        assertThat(merged.findings()).hasSameSizeAs(differences).allSatisfy(f -> {
            assertThat(f.cause()).isEqualTo(FindingCause.VANTAGES_DIFFER);
            assertThat(f.title()).contains("ap-south").doesNotContain(NODE_1 + ")");
        });
    }

    @Test
    void two_vantages_that_reach_the_same_node_merge_without_a_finding() throws Exception {
        Session merged = ENGINE.merge(List.of(
                new SessionMerge.Source("eu-west.json", BY_VANTAGE.get("eu-west").session()),
                new SessionMerge.Source("us-east.json", BY_VANTAGE.get("us-east").session())));

        assertThat(merged.findings()).isEmpty();
        assertThat(merged.vantages()).hasSize(2);
        assertThat(merged.probes()).isEqualTo(BY_VANTAGE.get("eu-west").session().probes());
    }
}
