package dev.misdirect.ui.coalescing;

import dev.misdirect.core.coalesce.Measurements;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.ui.app.SampleVerifyRun;
import dev.misdirect.ui.app.SampleWorkspace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.misdirect.ui.app.SampleWorkspace.A;
import static dev.misdirect.ui.app.SampleWorkspace.B;
import static org.assertj.core.api.Assertions.assertThat;

class CoalescingViewModelTest {
    private final CoalescingViewModel vm = new CoalescingViewModel();

    @Test
    void the_first_entry_that_shares_is_selected_with_its_groups_and_pairs() {
        vm.show(SampleWorkspace.predictions());
        assertThat(vm.selectedProperty().get().clients()).isEqualTo("Chromium (HTTP/2), Firefox, OkHttp 5");
        assertThat(vm.groups()).containsExactly("⇄ one connection for a.tenants.lab.test:443 + b.tenants.lab.test:443 + c.tenants.lab.test:443");
        assertThat(vm.headlineProperty().get())
                .isEqualTo("Chromium (HTTP/2), Firefox, OkHttp 5: 6 of 8 pairs would share a connection");
        assertThat(vm.onMisdirectedProperty().get()).startsWith("On 421: Chromium (HTTP/2): restarts");
    }

    @Test
    void predictions_prepared_on_another_thread_show_what_showing_them_directly_shows() throws Exception {
        vm.show(SampleWorkspace.predictions());
        CoalescingViewModel.Prepared prepared = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CoalescingViewModel.prepare(SampleWorkspace.predictions())).get();
        CoalescingViewModel other = new CoalescingViewModel();
        other.show(prepared);
        assertThat(other.clients()).containsExactlyElementsOf(vm.clients());
        assertThat(other.selectedProperty().get()).isEqualTo(vm.selectedProperty().get());
        assertThat(other.groups()).containsExactlyElementsOf(vm.groups());
        assertThat(other.pairs()).containsExactlyElementsOf(vm.pairs());
        assertThat(other.headlineProperty().get()).isEqualTo(vm.headlineProperty().get());
        assertThat(other.onMisdirectedProperty().get()).isEqualTo(vm.onMisdirectedProperty().get());
        other.selectedProperty().set(other.clients().get(1));
        assertThat(other.groups()).as("another entry is described when selected")
                .containsExactly("✔ every authority gets its own connection");
    }

    @Test
    void a_pair_whose_clients_decide_alike_by_different_rules_names_each_client_s_rule() {
        List<String> ab = List.of("a.test:443", "b.test:443");
        CoalescingPrediction one = new CoalescingPrediction("one", "Client One", List.of(ab), List.of(
                new PairDecision(ab.get(0), ab.get(1), true, "same IP and certificate", MisdirectRisk.LIKELY, "x")),
                "retries");
        CoalescingPrediction two = new CoalescingPrediction("two", "Client Two", List.of(ab), List.of(
                new PairDecision(ab.get(0), ab.get(1), true, "certificate covers both", MisdirectRisk.LIKELY, "x")),
                "retries");
        vm.show(List.of(one, two));
        assertThat(vm.clients()).hasSize(1);
        assertThat(vm.pairs()).singleElement().satisfies(p -> assertThat(p.rule())
                .isEqualTo("Client One: same IP and certificate\nClient Two: certificate covers both"));
    }

    @Test
    void clients_that_decide_alike_are_one_row_listing_them() {
        vm.show(SampleWorkspace.predictions());
        assertThat(vm.clients()).extracting(CoalescingViewModel::clientsLabel).containsExactly(
                "Chromium (HTTP/2), Firefox, OkHttp 5 — ⇄ 1 shared group · ✘ 4 likely 421",
                "curl, Go net/http — ✔ no sharing");
    }

    @Test
    void shared_pairs_come_first_with_the_likeliest_421_on_top_and_say_they_are_predicted() {
        vm.show(SampleWorkspace.predictions());
        assertThat(vm.pairs().get(0).level()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(vm.pairs().get(0).risk()).isEqualTo("✘ likely 421 · predicted");
        assertThat(vm.pairs().get(vm.pairs().size() - 1).decision()).isEqualTo("✘ separate");
        assertThat(vm.pairs().get(vm.pairs().size() - 1).risk()).isEqualTo("– none");
    }

    @Test
    void a_client_that_never_shares_says_so() {
        vm.show(SampleWorkspace.predictions());
        vm.selectedProperty().set(vm.clients().get(1));
        assertThat(vm.groups()).containsExactly("✔ every authority gets its own connection");
        assertThat(vm.pairs()).allSatisfy(p -> assertThat(p.decision()).isEqualTo("✘ separate"));
    }

    @Test
    void a_shared_pair_a_verify_run_measured_shows_the_measured_verdict_and_the_rest_say_predicted() {
        vm.show(Measurements.apply(SampleWorkspace.predictions(), SampleVerifyRun.misrouted()));
        PairRow misrouted = vm.pairs().get(0);
        assertThat(misrouted.first()).isEqualTo(A);
        assertThat(misrouted.second()).isEqualTo(B);
        assertThat(misrouted.risk()).isEqualTo("✘ measured misrouted");
        assertThat(misrouted.measured()).contains(PairVerdict.MISROUTED);
        assertThat(vm.pairs()).filteredOn(p -> p.first().equals(B) && p.second().equals(A))
                .singleElement().satisfies(p -> assertThat(p.risk()).isEqualTo("✔ measured shared-ok"));
        assertThat(vm.pairs()).filteredOn(p -> p.first().equals(A) && p.second().equals(SampleWorkspace.C))
                .singleElement().satisfies(p -> {
                    assertThat(p.risk()).isEqualTo("⚠ possible 421 · predicted");
                    assertThat(p.measured()).isEmpty();
                });
    }

    @Test
    void measured_clients_that_decide_alike_stay_one_row_and_the_measurement_names_them_all() {
        vm.show(Measurements.apply(SampleWorkspace.predictions(), SampleVerifyRun.misrouted()));
        assertThat(vm.clients()).hasSize(2);
        assertThat(vm.selectedProperty().get().clients()).isEqualTo("Chromium (HTTP/2), Firefox, OkHttp 5");
        assertThat(vm.pairs().get(0).riskReason())
                .startsWith("measured: Chromium (HTTP/2), Firefox, OkHttp 5 put b.tenants.lab.test:443 on");
    }

    @Test
    void the_latest_verify_run_selects_its_worst_pair_and_shows_both_answers_side_by_side() {
        vm.showVerifications(List.of(SampleVerifyRun.misrouted()));
        assertThat(vm.latest()).isPresent();
        assertThat(vm.selectedPairProperty().get().verdict()).isEqualTo(PairVerdict.MISROUTED);
        assertThat(vm.verifySummaryProperty().get()).contains("2 pairs", "1 misrouted", "1 shared-ok");
        assertThat(vm.ownAnswerProperty().get()).contains("SNI b.tenants.lab.test", "Status 200 (h2)", "server: tenant-b",
                "Again (to learn what varies)");
        assertThat(vm.carriedAnswerProperty().get()).contains("SNI a.tenants.lab.test", ":authority b.tenants.lab.test",
                "Status 404", "server: tenant-a", "9 bytes");
        assertThat(vm.pairReasonProperty().get()).startsWith("misrouted: ").contains("What differed: status 404 instead of 200");
    }

    @Test
    void an_unanswered_request_says_why_instead_of_a_status() {
        assertThat(CoalescingViewModel.answerText(PairAnswer.failed("a.example", "b.example", -1, "stream reset")))
                .isEqualTo("SNI a.example · :authority b.example\nNo answer: stream reset");
    }

    @Test
    void an_offer_names_the_coalesced_answered_pairs_and_no_pairs_clear_it() {
        vm.offerVerification(List.of(new CoalescedPair("a.lab.test:8444", "b.lab.test:8444", List.of(200, 200))));
        assertThat(vm.offerProperty().get()).isEqualTo("1 coalesced pair was answered (b.lab.test:8444 on"
                + " a.lab.test:8444's connection); a capture cannot tell a right answer from another site's page.");
        assertThat(vm.offered()).hasSize(1);
        vm.offerVerification(List.of());
        assertThat(vm.offerProperty().get()).isEmpty();
    }
}
