package dev.misdirect.ui.findings;

import dev.misdirect.core.model.Severity;
import dev.misdirect.ui.app.SampleWorkspace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsViewModelTest {
    private final FindingsViewModel vm = new FindingsViewModel();

    @Test
    void problems_come_before_warnings_and_info() {
        vm.show(SampleWorkspace.findings());
        assertThat(vm.visible()).extracting(f -> f.severity())
                .containsExactly(Severity.PROBLEM, Severity.PROBLEM, Severity.WARNING, Severity.WARNING, Severity.INFO);
        assertThat(vm.summaryProperty().get()).isEqualTo("✘ 2 problems · ⚠ 2 warnings · ℹ 1 info");
        assertThat(FindingsViewModel.count(1, "problem")).as("one problem, not 1 problems").isEqualTo("1 problem");
    }

    @Test
    void the_summary_counts_one_problem_and_one_warning_in_the_singular() {
        vm.show(java.util.stream.Stream.of(Severity.PROBLEM, Severity.WARNING).map(severity -> SampleWorkspace.findings()
                .stream().filter(f -> f.severity() == severity).findFirst().orElseThrow()).toList());
        assertThat(vm.summaryProperty().get()).isEqualTo("✘ 1 problem · ⚠ 1 warning · ℹ 0 info");
    }

    @Test
    void a_focused_authority_brings_its_findings_first() {
        vm.show(SampleWorkspace.findings());
        vm.focusAuthorityProperty().set(SampleWorkspace.SHOP);
        assertThat(vm.visible().get(0).authorities()).contains(SampleWorkspace.SHOP);
        assertThat(vm.concernsFocus(vm.visible().get(0))).isTrue();
        assertThat(vm.concernsFocus(vm.visible().get(1))).isFalse();
    }

    @Test
    void selecting_a_finding_links_to_its_first_authority() {
        vm.show(SampleWorkspace.findings());
        vm.selectedProperty().set(SampleWorkspace.findings().get(2));
        assertThat(vm.linkedAuthorityProperty().get()).isEqualTo(SampleWorkspace.SHOP);
    }
}
