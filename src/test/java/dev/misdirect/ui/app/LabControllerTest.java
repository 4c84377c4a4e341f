package dev.misdirect.ui.app;

import dev.misdirect.core.session.Playbook;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabControllerTest {
    @Test
    void the_gallery_shows_each_scenario_with_its_playbook() {
        LabScenario s = LabController.toUi(Scenarios.byId("ingress-missing-san"));
        Playbook p = Playbook.of(Scenarios.byId("ingress-missing-san"));
        assertThat(s.reproducePolicy()).isEqualTo(p.reproducePolicy());
        assertThat(s.tryFix()).isEqualTo(new LabScenario.TryFix(p.fix().fixedVariant(), p.fix().policy(),
                p.fix().explanation()));
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
