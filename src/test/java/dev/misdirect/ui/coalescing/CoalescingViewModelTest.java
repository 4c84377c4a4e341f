package dev.misdirect.ui.coalescing;

import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.ui.app.SampleWorkspace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingViewModelTest {
    private final CoalescingViewModel vm = new CoalescingViewModel();

    @Test
    void the_first_policy_that_shares_is_selected_with_its_groups_and_pairs() {
        vm.show(SampleWorkspace.predictions());
        assertThat(vm.selectedProperty().get().policy()).isEqualTo("chromium-h2");
        assertThat(vm.groups()).containsExactly("⇄ one connection for a.tenants.lab.test:443 + b.tenants.lab.test:443 + c.tenants.lab.test:443");
        assertThat(vm.headlineProperty().get()).isEqualTo("Chromium (HTTP/2) (chromium-h2): 6 of 8 pairs would share a connection");
        assertThat(vm.onMisdirectedProperty().get()).startsWith("On 421: restarts");
    }

    @Test
    void shared_pairs_come_first_with_the_likeliest_421_on_top() {
        vm.show(SampleWorkspace.predictions());
        assertThat(vm.pairs().get(0).level()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(vm.pairs().get(0).risk()).isEqualTo("✘ likely 421");
        assertThat(vm.pairs().get(vm.pairs().size() - 1).decision()).isEqualTo("✘ separate");
        assertThat(vm.pairs().get(vm.pairs().size() - 1).risk()).isEqualTo("– none");
    }

    @Test
    void a_policy_that_never_shares_says_so() {
        vm.show(SampleWorkspace.predictions());
        vm.selectedProperty().set(vm.predictions().stream().filter(p -> p.policy().equals("curl")).findFirst().orElseThrow());
        assertThat(vm.groups()).containsExactly("✔ every authority gets its own connection");
        assertThat(vm.pairs()).allSatisfy(p -> assertThat(p.decision()).isEqualTo("✘ separate"));
        assertThat(CoalescingViewModel.policyLabel(vm.selectedProperty().get())).isEqualTo("curl — ✔ no sharing");
    }

    @Test
    void the_policy_label_counts_likely_421_pairs() {
        assertThat(CoalescingViewModel.policyLabel(SampleWorkspace.predictions().get(0)))
                .isEqualTo("Chromium (HTTP/2) — ⇄ 1 shared group · ✘ 4 likely 421");
    }
}
