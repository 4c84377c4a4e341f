package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementsTest {
    private static final String A = "a.example:443";
    private static final String B = "b.example:443";

    private static CoalescingPrediction chromium(PairDecision... pairs) {
        return new CoalescingPrediction("chromium-h2", "Chromium (HTTP/2)", List.of(List.of(A, B)), List.of(pairs),
                "retries once on a new connection for that authority");
    }

    private static PairDecision shared(String first, String second) {
        return new PairDecision(first, second, true, "shared: same address, certificate covers both",
                MisdirectRisk.POSSIBLE, "Apache serves it unless the two vhosts differ");
    }

    private static PairVerification verified(String carrier, String passenger, String address, PairVerdict verdict,
                                              List<String> differences) {
        return new PairVerification(carrier, passenger, address, verdict, verdict.id() + " for " + passenger,
                Optional.empty(), List.of(), differences, List.of("chromium-h2"));
    }

    private static VerifyRun run(PairVerification... pairs) {
        return new VerifyRun("GET", "/", 2500, 6, Optional.empty(), false, Instant.EPOCH, 1000, false, List.of(pairs));
    }

    @Test
    void a_measured_421_replaces_the_guess_with_what_the_client_does_on_421() {
        List<CoalescingPrediction> out = Measurements.apply(List.of(chromium(shared(A, B))),
                run(verified(A, B, "127.0.0.1", PairVerdict.REFUSED_421, List.of("status 421 instead of 200"))));
        PairDecision d = out.get(0).pairs().get(0);
        assertThat(d.measured()).contains(PairVerdict.REFUSED_421);
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).isEqualTo("measured: Chromium (HTTP/2) puts b.example:443 on a.example:443's"
                + " connection → 421 → retries once on a new connection for that authority");
    }

    @Test
    void a_misrouted_pair_says_what_differed_and_that_nothing_retries_it() {
        PairDecision d = Measurements.apply(List.of(chromium(shared(A, B))),
                run(verified(A, B, "127.0.0.1", PairVerdict.MISROUTED, List.of("status 404 instead of 200"))))
                .get(0).pairs().get(0);
        assertThat(d.measured()).contains(PairVerdict.MISROUTED);
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).contains("→ misrouted: status 404 instead of 200; no client retries it");
    }

    @Test
    void a_pair_answered_the_same_on_both_connections_has_no_risk_left() {
        PairDecision d = Measurements.apply(List.of(chromium(shared(A, B))),
                run(verified(A, B, "127.0.0.1", PairVerdict.SHARED_OK, List.of()))).get(0).pairs().get(0);
        assertThat(d.measured()).contains(PairVerdict.SHARED_OK);
        assertThat(d.risk()).isEqualTo(MisdirectRisk.NONE);
        assertThat(d.riskReason()).startsWith("measured: ");
    }

    @Test
    void a_pair_measured_at_two_addresses_counts_as_its_worst_answer() {
        PairDecision d = Measurements.apply(List.of(chromium(shared(A, B))), run(
                verified(A, B, "127.0.0.1", PairVerdict.SHARED_OK, List.of()),
                verified(A, B, "127.0.0.2", PairVerdict.MISROUTED, List.of("body (another page)")),
                verified(A, B, "127.0.0.3", PairVerdict.REFUSED_421, List.of()))).get(0).pairs().get(0);
        assertThat(d.measured()).contains(PairVerdict.MISROUTED);
    }

    @Test
    void pairs_the_run_did_not_settle_keep_their_predicted_risk_and_say_so() {
        List<CoalescingPrediction> out = Measurements.apply(List.of(chromium(shared(A, B), shared(B, A))),
                run(verified(A, B, "127.0.0.1", PairVerdict.UNTESTED, List.of())));
        PairDecision untested = out.get(0).pairs().get(0);
        PairDecision unsent = out.get(0).pairs().get(1);
        assertThat(untested.measured()).isEmpty();
        assertThat(untested.risk()).isEqualTo(MisdirectRisk.POSSIBLE);
        assertThat(untested.riskReason()).startsWith("predicted: Apache serves it").contains("could not settle");
        assertThat(unsent.riskReason()).startsWith("predicted: ").endsWith("(verify did not send this pair)");
    }

    @Test
    void pairs_a_client_would_not_share_are_left_as_they_were() {
        PairDecision refused = new PairDecision(A, B, false, "refused: the certificate does not cover b.example",
                MisdirectRisk.NONE, "");
        PairDecision d = Measurements.apply(List.of(chromium(refused)),
                run(verified(A, B, "127.0.0.1", PairVerdict.MISROUTED, List.of("status 404 instead of 200"))))
                .get(0).pairs().get(0);
        assertThat(d).isEqualTo(refused);
    }

    @Test
    void a_finding_says_what_the_server_did_once_for_all_the_clients_that_share_the_pair_and_each_family_s_421_once() {
        CoalescingPrediction firefox = new CoalescingPrediction("firefox", "Firefox", List.of(List.of(A, B)),
                List.of(shared(A, B)), "clears the coalescing mapping and retries once");
        List<CoalescingPrediction> measured = Measurements.apply(List.of(chromium(shared(A, B)), firefox),
                run(verified(A, B, "127.0.0.1", PairVerdict.REFUSED_421, List.of("status 421 instead of 200"))));
        String cause = new Predictor().findings(measured).get(0).explanation();
        String said = "measured refused-421: the server answers b.example's request on a.example's connection with 421";
        assertThat(cause.split(java.util.regex.Pattern.quote(said), -1)).hasSize(2);
        assertThat(cause).doesNotContain("puts b.example").contains("On 421: Chromium").contains("Firefox");
    }
}
