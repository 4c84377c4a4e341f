package dev.misdirect.ui.app;

import dev.misdirect.lab.Scenarios;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabControllerTest {

    @ParameterizedTest(name = "{0}: reproduce with {1}; fix = fixed variant {2}, policy {3}")
    @CsvSource({
            "tenants-wildcard,     coalescing, true,  coalescing",
            "vhost-tls-mismatch,   coalescing, true,  coalescing",
            "ingress-missing-san,  ip-keyed,   true,  ip-keyed",
            "ip-keyed-proxy,       coalescing, true,  coalescing",
            "vhost-client-auth,    coalescing, true,  coalescing",
    })
    void each_scenario_gets_the_policy_that_shows_its_421_and_a_fix_its_data_says_removes_it(
            String id, String reproduce, boolean fixedVariant, String fixPolicy) {
        LabScenario s = LabController.toUi(Scenarios.byId(id));
        assertThat(s.reproducePolicy()).isEqualTo(reproduce);
        assertThat(s.tryFix().fixedVariant()).isEqualTo(fixedVariant);
        assertThat(s.tryFix().policy()).isEqualTo(fixPolicy);
        // whatever was chosen, the scenario's own expectation for it is free of 421
        var variant = Scenarios.byId(id).variant(s.tryFix().fixedVariant());
        assertThat(variant.expectation(s.tryFix().policy()).orElseThrow().misdirected()).isZero();
    }

    @Test
    void when_the_fixed_servers_still_421_under_ip_keyed_pools_the_fix_is_per_authority_pools() {
        // vhost-client-auth's fixed variant still answers 421 to an IP-keyed pool: reproducing with ip-keyed must
        // fall back to isolated pools on the broken servers, which its data says are clean
        var s = Scenarios.byId("vhost-client-auth");
        LabScenario.TryFix fix = LabController.tryFix(s, "ip-keyed");
        assertThat(fix.fixedVariant()).isFalse();
        assertThat(fix.policy()).isEqualTo("isolated");
    }

    @Test
    void diagrams_keep_every_box_and_arrow_with_its_outcome_and_sni_or_authority_label() {
        LabScenario s = LabController.toUi(Scenarios.byId("tenants-wildcard"));
        assertThat(s.diagram().boxes()).extracting(LabDiagram.Box::kind)
                .containsExactly(LabDiagram.Kind.CLIENT, LabDiagram.Kind.CONNECTION, LabDiagram.Kind.ORIGIN);
        assertThat(s.diagram().arrows()).extracting(LabDiagram.Arrow::label).containsExactly(
                ":authority a.tenants.lab.test", ":authority b.tenants.lab.test", "SNI a.tenants.lab.test");
        assertThat(s.diagram().arrows()).extracting(LabDiagram.Arrow::outcome).containsExactly(
                LabDiagram.Outcome.OK, LabDiagram.Outcome.MISDIRECTED, LabDiagram.Outcome.OK);
        assertThat(s.fixedDiagram().arrows()).extracting(LabDiagram.Arrow::outcome)
                .doesNotContain(LabDiagram.Outcome.MISDIRECTED);
    }
}
