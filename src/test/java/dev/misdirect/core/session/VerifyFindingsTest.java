package dev.misdirect.core.session;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.VerifyRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyFindingsTest {
    private static PairVerification pair(String carrier, String passenger, String address, PairVerdict verdict) {
        return new PairVerification(carrier, passenger, address, verdict, verdict.id() + " reason",
                Optional.empty(), List.of(), List.of(), List.of("chromium-h2"));
    }

    private static List<Finding> of(PairVerification... pairs) {
        return VerifyFindings.of(new VerifyRun("GET", "/", 2500, 8, Optional.empty(), false, Instant.EPOCH, 10, false,
                List.of(pairs)));
    }

    @Test
    void a_misrouted_pair_is_a_problem_a_refused_pair_a_warning_and_an_unmeasured_one_a_note_worst_first() {
        List<Finding> f = of(pair("a:443", "b:443", "127.0.0.1", PairVerdict.REFUSED_421),
                pair("b:443", "a:443", "127.0.0.1", PairVerdict.MISROUTED),
                pair("a:443", "c:443", "127.0.0.1", PairVerdict.UNTESTED),
                pair("c:443", "a:443", "127.0.0.1", PairVerdict.SHARED_OK));
        assertThat(f).extracting(Finding::severity).containsExactly(Severity.PROBLEM, Severity.WARNING, Severity.INFO);
        assertThat(f).extracting(Finding::cause).containsExactly(FindingCause.MISROUTED,
                FindingCause.MISDIRECTED_REQUEST, FindingCause.OTHER);
        assertThat(f.get(0).title()).isEqualTo("a:443's request on b:443's connection is misrouted");
        assertThat(f.get(0).details()).contains("shared by chromium-h2");
    }

    @Test
    void a_pair_verified_at_two_addresses_is_one_finding_for_its_worst_answer() {
        List<Finding> f = of(pair("a:443", "b:443", "127.0.0.1", PairVerdict.SHARED_OK),
                pair("a:443", "b:443", "127.0.0.2", PairVerdict.MISROUTED));
        assertThat(f).singleElement().satisfies(x -> assertThat(x.cause()).isEqualTo(FindingCause.MISROUTED));
    }

    @Test
    void pairs_answered_the_same_on_both_connections_say_nothing() {
        assertThat(of(pair("a:443", "b:443", "127.0.0.1", PairVerdict.SHARED_OK))).isEmpty();
    }

    private static PairVerification answeredBy(String server, PairVerdict verdict) {
        Map<String, String> headers = server == null ? Map.of() : Map.of("server", server);
        PairAnswer answer = new PairAnswer("a:443", "b:443", verdict == PairVerdict.REFUSED_421 ? 421 : 404,
                Optional.of("h2"), headers, Optional.empty(), 0, 50000, 1000, Optional.empty());
        return new PairVerification("a:443", "b:443", "127.0.0.1", verdict, "reason", Optional.of(answer), List.of(),
                List.of(), List.of("chromium-h2"));
    }

    @Test
    void the_fix_names_the_server_software_the_answers_named_in_their_server_header() {
        assertThat(of(answeredBy("nginx/1.22.1", PairVerdict.MISROUTED)).get(0).fix())
                .contains("nginx (Server: nginx/1.22.1)").contains("default_server").doesNotContain("Apache");
        assertThat(of(answeredBy("Apache/2.4.62 (Debian)", PairVerdict.REFUSED_421)).get(0).fix())
                .contains("Apache httpd (Server: Apache/2.4.62 (Debian))").contains("AH02032");
        assertThat(of(answeredBy("Caddy", PairVerdict.MISROUTED)).get(0).fix()).contains("strict_sni_host");
    }

    @Test
    void without_a_server_header_or_with_an_unknown_one_the_fix_names_no_product() {
        for (String server : new String[] {null, "Jetty(12.1.14)"}) {
            String fix = of(answeredBy(server, PairVerdict.MISROUTED)).get(0).fix();
            assertThat(fix).startsWith("Make every server behind 127.0.0.1").doesNotContain("Apache", "nginx", "Caddy");
        }
    }
}
