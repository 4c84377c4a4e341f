package dev.misdirect.lab;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.lab.Scenario.Demo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every scenario variant, started for real: each demo request gets the status the scenario promises. */
class ScenarioDemosTest {
    private static final Lab LAB = new Lab(LabCa.open(LabCa.defaultDirectory()));

    static Stream<Arguments> variants() {
        return Scenarios.all().stream().flatMap(s -> Stream.of(Arguments.of(s.id(), false), Arguments.of(s.id(), true)));
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("variants")
    void each_demo_request_gets_the_status_its_scenario_promises_and_is_logged_with_its_sni_and_host(String id, boolean fixed)
            throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId(id), fixed)) {
            TestClient client = new TestClient(running.caCertificate());
            for (Demo demo : running.variant().demos()) {
                assertThat(running.nameMap().get(demo.sni())).as(demo.label()).contains(demo.address());
                if (demo.expectedStatus() == 0) {
                    assertThatThrownBy(() -> client.get(demo.address(), running.port(), demo.sni(), demo.host()))
                            .as(demo.label()).isInstanceOf(SSLHandshakeException.class)
                            .hasMessageContaining(demo.sni());
                    continue;
                }
                TestClient.Reply reply = client.get(demo.address(), running.port(), demo.sni(), demo.host());
                assertThat(reply.status()).as(demo.label() + ": " + reply.body()).isEqualTo(demo.expectedStatus());
                ServedRequest served = running.serverLog().entries().stream()
                        .filter(e -> e.clientPort() == reply.localPort()).findFirst().orElseThrow();
                assertThat(served.sni()).as(demo.label()).contains(demo.sni());
                assertThat(Misdirection.hostOf(served.authority())).as(demo.label()).isEqualTo(demo.host());
                assertThat(served.status()).isEqualTo(demo.expectedStatus());
                if (demo.expectedStatus() == 421) {
                    assertThat(reply.body()).contains("421 Misdirected Request").contains(demo.host());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void the_plan_names_only_lab_hosts_on_the_running_port_and_every_policy_has_an_expectation(String id, boolean fixed)
            throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId(id), fixed)) {
            String plan = running.planText();
            assertThat(plan).doesNotContain(Scenario.PORT).contains(":" + running.port() + "/");
            for (String host : running.nameMap().keySet()) {
                assertThat(running.authoritySet().find(host + ":" + running.port())).isPresent();
            }
            int steps = plan.split(";").length;
            for (ConnectionPolicy policy : ConnectionPolicy.values()) {
                Scenario.Expectation e = running.variant().expectation(policy).orElseThrow();
                assertThat(e.finalStatuses()).hasSize(steps);
                assertThat(e.misdirected()).isEqualTo((int) e.finalStatuses().stream().filter(s -> s == 421).count());
            }
        }
    }
}
