package dev.misdirect.core.vantage;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VerifyRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.misdirect.core.vantage.VantageFixtures.cert;
import static dev.misdirect.core.vantage.VantageFixtures.probe;
import static dev.misdirect.core.vantage.VantageFixtures.session;
import static dev.misdirect.core.vantage.VantageFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merge and the diffing over hand-built sessions: no network. */
class SessionMergeTest {
    private static final Instant T0 = VantageFixtures.T0;

    private static final CertificateInfo FULL = cert("AA:AA:AA:AA:01", "a.example", "b.example");
    private static final CertificateInfo RENEWED = cert("BB:BB:BB:BB:02", "a.example", "b.example");
    private static final CertificateInfo PARTIAL = cert("CC:CC:CC:CC:03", "a.example");

    @Test
    void one_session_alone_is_refused_with_the_count() {
        assertThatThrownBy(() -> SessionMerge.merge(List.of(source("eu.json", session("eu", "h1", T0,
                probe("a.example", "192.0.2.1", FULL)))), T0))
                .isInstanceOf(MergeException.class)
                .hasMessage("merge needs at least two session documents, one per vantage; got 1");
    }

    @Test
    void vantages_that_measured_alike_give_no_finding_and_a_matrix_without_marks() throws Exception {
        Session merged = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "h2", T0, probe("a.example", "192.0.2.1", FULL)))), T0);

        assertThat(merged.findings()).isEmpty();
        assertThat(VantageMatrix.of(merged.vantages()).cells()).singleElement()
                .satisfies(row -> assertThat(row).noneMatch(VantageMatrix.Cell::differs));
    }

    @Test
    void a_certificate_with_other_names_is_a_problem_and_a_renewed_one_with_the_same_names_a_warning() throws Exception {
        Session other = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("b.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "h2", T0, probe("b.example", "192.0.2.1", PARTIAL)))), T0);
        Session renewed = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("b.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "h2", T0, probe("b.example", "192.0.2.1", RENEWED)))), T0);

        assertThat(other.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.PROBLEM);
            assertThat(f.title()).isEqualTo("us is served another certificate for b.example:443 than eu (on 192.0.2.1)");
            assertThat(f.details()).contains("eu: AA:AA:AA:AA (SANs a.example, b.example) on 192.0.2.1")
                    .contains("us: CC:CC:CC:CC (SANs a.example) on 192.0.2.1");
            assertThat(f.authorities()).containsExactly("b.example:443");
        });
        assertThat(renewed.findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void another_tls_version_from_one_vantage_is_a_warning_naming_it() throws Exception {
        Session merged = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL, "TLSv1.3"))),
                source("us.json", session("us", "h2", T0, probe("a.example", "192.0.2.1", FULL, "TLSv1.3"))),
                source("ap.json", session("ap", "h3", T0, probe("a.example", "192.0.2.1", FULL, "TLSv1.2")))), T0);

        assertThat(merged.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.title()).startsWith("ap negotiates another TLS version or ALPN with a.example:443 than eu, us");
        });
    }

    @Test
    void an_authority_one_vantage_did_not_probe_is_not_probed_there_and_never_a_difference() throws Exception {
        Session merged = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL),
                        probe("b.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "h2", T0, probe("a.example", "192.0.2.1", FULL)))), T0);
        VantageMatrix matrix = VantageMatrix.of(merged.vantages());

        assertThat(merged.findings()).isEmpty();
        assertThat(merged.authoritySet().authorities()).extracting(Authority::key)
                .containsExactly("a.example:443", "b.example:443");
        assertThat(matrix.authorities()).containsExactly("a.example:443", "b.example:443");
        assertThat(matrix.cells().get(1).get(1)).satisfies(c -> {
            assertThat(c.probed()).isFalse();
            assertThat(c.addresses()).isEqualTo("not probed");
        });
    }

    @Test
    void a_verdict_measured_differently_is_a_problem_and_so_is_the_421_one_vantage_saw() throws Exception {
        Session eu = session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL), probe("b.example", "192.0.2.1", FULL))
                .withVerification(verified(PairVerdict.SHARED_OK, 200));
        Session ap = session("ap", "h3", T0, probe("a.example", "192.0.2.1", FULL), probe("b.example", "192.0.2.1", FULL))
                .withVerification(verified(PairVerdict.REFUSED_421, 421));

        Session merged = SessionMerge.merge(List.of(source("eu.json", eu), source("ap.json", ap)), T0);
        List<Difference> differences = VantageDiff.differences(merged.vantages());

        assertThat(differences).extracting(Difference::aspect).containsExactly(Aspect.MISDIRECTED, Aspect.VERDICT);
        assertThat(merged.findings()).extracting(f -> f.title()).containsExactly(
                "A 421 for b.example:443 seen from ap, not from eu (on 192.0.2.1)",
                "The verify verdict of a.example:443 → b.example:443 differs: ap measured refused-421, eu shared-ok"
                        + " (on 192.0.2.1)");
        assertThat(VantageMatrix.of(merged.vantages()).cells().get(1)).extracting(VantageMatrix.Cell::verdict)
                .containsExactly("shared-ok", "refused-421");
    }

    private static VerifyRun verified(PairVerdict verdict, int carriedStatus) {
        PairAnswer own = answer("b.example", 200);
        PairAnswer carried = answer("a.example", carriedStatus);
        return new VerifyRun("GET", "/", 10, 3, Optional.empty(), false, T0, 5, false,
                List.of(new PairVerification("a.example:443", "b.example:443", "192.0.2.1", verdict, "because",
                        Optional.of(carried), List.of(own, own), List.of(), List.of())));
    }

    private static PairAnswer answer(String sni, int status) {
        return new PairAnswer(sni, "b.example:443", status, Optional.of("h2"), Map.of(), Optional.empty(), -1, 50000,
                10, Optional.empty());
    }

    @Test
    void the_same_label_twice_is_kept_twice_told_apart_by_host_and_time() throws Exception {
        Session merged = SessionMerge.merge(List.of(
                source("one.json", session("eu", "runner-1", T0, probe("a.example", "192.0.2.1", FULL))),
                source("two.json", session("eu", "runner-2", T0.plusSeconds(60), probe("a.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "runner-3", T0, probe("a.example", "192.0.2.1", FULL)))), T0);

        assertThat(merged.vantages()).extracting(v -> v.name()).containsExactly(
                "eu (runner-1, 2026-12-01 10:00:00Z)", "eu (runner-2, 2026-12-01 10:01:00Z)", "us");
    }

    @Test
    void a_session_without_a_vantage_is_named_by_its_host_or_else_its_file() throws Exception {
        Session older = Session.of("old", AuthoritySet.of(List.of(Authority.of("a.example", 443))), T0)
                .withProbes(List.of(probe("a.example", "192.0.2.1", FULL)), List.of());
        Session merged = SessionMerge.merge(List.of(source("/tmp/runs/old-laptop.json", older),
                source("eu.json", session(null, "runner-1", T0, probe("a.example", "192.0.2.1", FULL)))), T0);

        assertThat(merged.vantages()).extracting(v -> v.name()).containsExactly("old-laptop", "runner-1");
        assertThat(merged.vantages().get(0).vantage().egressText()).isEqualTo("unknown");
        assertThat(merged.vantages().get(0).source()).isEqualTo("/tmp/runs/old-laptop.json (old)");
    }

    @Test
    void a_merged_session_given_again_contributes_its_vantages() throws Exception {
        Session first = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL))),
                source("us.json", session("us", "h2", T0, probe("a.example", "192.0.2.1", FULL)))), T0);
        Session again = SessionMerge.merge(List.of(source("merged.json", first),
                source("ap.json", session("ap", "h3", T0, probe("a.example", "192.0.2.9", PARTIAL)))), T0);

        assertThat(again.vantages()).extracting(v -> v.name()).containsExactly("eu", "us", "ap");
        assertThat(again.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.title()).startsWith("ap "));
    }

    @Test
    void a_merged_session_reads_back_from_its_document_unchanged() throws Exception {
        Session merged = SessionMerge.merge(List.of(
                source("eu.json", session("eu", "h1", T0, probe("a.example", "192.0.2.1", FULL))),
                source("ap.json", session("ap", "h3", T0, probe("a.example", "192.0.2.9", PARTIAL)))), T0);
        SessionCodec codec = new SessionCodec();

        assertThat(codec.parse(codec.toJson(merged), "merged")).isEqualTo(merged);
    }
}
