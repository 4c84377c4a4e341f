package dev.misdirect.lab;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioDetailsTest {
    private static final Lab LAB = new Lab(LabCa.open(LabCa.defaultDirectory()));

    @Test
    void apache_vhost_limited_to_tls13_refuses_a_tls12_handshake_for_its_name_but_not_for_the_other_vhost() throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId("vhost-tls-mismatch"), false)) {
            TestClient client = new TestClient(running.caCertificate());
            String[] tls12 = {"TLSv1.2"};
            assertThat(client.get("127.0.0.1", running.port(), "a.vhost.lab.test", "a.vhost.lab.test", tls12).status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> client.get("127.0.0.1", running.port(), "b.vhost.lab.test", "b.vhost.lab.test", tls12))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void ip_keyed_proxy_sends_b_upstream_on_the_connection_opened_with_sni_a_and_the_fix_keys_by_authority() throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId("ip-keyed-proxy"), false)) {
            TestClient client = new TestClient(running.caCertificate());
            assertThat(client.get("127.0.0.1", running.port(), "a.proxy.lab.test", "a.proxy.lab.test").status()).isEqualTo(200);
            TestClient.Reply b = client.get("127.0.0.1", running.port(), "b.proxy.lab.test", "b.proxy.lab.test");
            assertThat(b.status()).isEqualTo(421);
            List<ServedRequest> upstream = running.serverLog().entries().stream()
                    .filter(e -> e.origin().equals("upstream")).toList();
            assertThat(upstream).hasSize(2);
            assertThat(upstream.get(1).sni()).contains("a.proxy.lab.test");
            assertThat(upstream.get(1).authority()).startsWith("b.proxy.lab.test");
            assertThat(upstream.get(1).clientPort()).isEqualTo(upstream.get(0).clientPort());
            ServedRequest proxyEntry = running.serverLog().entries().stream()
                    .filter(e -> e.origin().equals("proxy") && e.clientPort() == b.localPort()).findFirst().orElseThrow();
            assertThat(proxyEntry.sni()).contains("b.proxy.lab.test");
            assertThat(proxyEntry.status()).isEqualTo(421);
            assertThat(proxyEntry.reason()).contains("SNI a.proxy.lab.test").contains("IP and port");
            assertThat(running.origin("upstream").orElseThrow().endpoint().address()).isEqualTo("127.0.0.21");
        }
        try (RunningLab fixed = LAB.start(Scenarios.byId("ip-keyed-proxy"), true)) {
            TestClient client = new TestClient(fixed.caCertificate());
            assertThat(client.get("127.0.0.1", fixed.port(), "a.proxy.lab.test", "a.proxy.lab.test").status()).isEqualTo(200);
            assertThat(client.get("127.0.0.1", fixed.port(), "b.proxy.lab.test", "b.proxy.lab.test").status()).isEqualTo(200);
            List<ServedRequest> upstream = fixed.serverLog().entries().stream()
                    .filter(e -> e.origin().equals("upstream")).toList();
            assertThat(upstream.get(1).sni()).contains("b.proxy.lab.test");
            assertThat(upstream.get(1).clientPort()).isNotEqualTo(upstream.get(0).clientPort());
        }
    }

    @Test
    void ingress_nodes_listen_on_one_port_on_two_loopback_addresses() throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId("ingress-missing-san"), false)) {
            assertThat(running.origins()).extracting(o -> o.endpoint().toString())
                    .containsExactly("127.0.0.11:" + running.port(), "127.0.0.12:" + running.port());
            assertThat(running.nameMap()).containsEntry("b.ingress.lab.test", List.of("127.0.0.11", "127.0.0.12"));
        }
    }

    @Test
    void unknown_scenario_id_is_refused_with_the_known_ids() {
        assertThatThrownBy(() -> Scenarios.byId("no-such-scenario"))
                .hasMessageContaining("no-such-scenario").hasMessageContaining("tenants-wildcard")
                .hasMessageContaining("healthy-separate-ips");
    }

    @Test
    void scenario_ids_are_unique_and_cover_the_five_production_causes_and_the_control() {
        assertThat(Scenarios.ids()).doesNotHaveDuplicates().contains("tenants-wildcard", "vhost-tls-mismatch",
                "ingress-missing-san", "ip-keyed-proxy", "healthy-separate-ips");
    }

    @Test
    void every_broken_variant_except_the_control_shows_a_421_or_a_misroute_and_every_fixed_one_fewer() {
        for (Scenario s : Scenarios.all()) {
            int broken421 = s.broken().expectations().stream().mapToInt(Scenario.Expectation::misdirected).sum();
            int fixed421 = s.fixed().expectations().stream().mapToInt(Scenario.Expectation::misdirected).sum();
            int brokenMisrouted = s.broken().expectations().stream().mapToInt(Scenario.Expectation::misrouted).sum();
            int fixedMisrouted = s.fixed().expectations().stream().mapToInt(Scenario.Expectation::misrouted).sum();
            if (s.id().equals("healthy-separate-ips")) {
                assertThat(broken421 + brokenMisrouted).as(s.id()).isZero();
                assertThat(fixed421 + fixedMisrouted).as(s.id()).isZero();
            } else {
                assertThat(broken421 + brokenMisrouted).as(s.id()).isPositive();
                assertThat(fixed421).as(s.id()).isLessThanOrEqualTo(broken421);
                assertThat(fixedMisrouted).as(s.id()).isLessThanOrEqualTo(brokenMisrouted);
                assertThat(fixed421 + fixedMisrouted).as(s.id()).isLessThan(broken421 + brokenMisrouted);
            }
        }
    }

    @Test
    void the_misrouting_scenarios_never_answer_421_and_a_passthrough_backend_logs_the_clients_port() throws Exception {
        for (String id : List.of("sni-passthrough", "default-vhost")) {
            assertThat(Scenarios.byId(id).broken().expectations()).as(id)
                    .allSatisfy(e -> assertThat(e.misdirected()).isZero());
        }
        try (RunningLab running = LAB.start(Scenarios.byId("sni-passthrough"), false)) {
            TestClient client = new TestClient(running.caCertificate());
            TestClient.Reply r = client.get("127.0.0.1", running.port(), "a.passthrough.lab.test", "b.passthrough.lab.test");
            assertThat(r.status()).isEqualTo(404);
            ServedRequest served = running.serverLog().entries().get(0);
            assertThat(served.origin()).isEqualTo("backend-a");
            assertThat(served.clientPort()).isEqualTo(r.localPort());
            assertThat(served.misrouted()).isTrue();
            assertThat(running.origin("sni-proxy").orElseThrow().endpoint().address()).isEqualTo("127.0.0.1");
        }
        try (RunningLab running = LAB.start(Scenarios.byId("default-vhost"), false)) {
            TestClient client = new TestClient(running.caCertificate());
            TestClient.Reply wrong = client.get("127.0.0.1", running.port(), "a.default.lab.test", "b.default.lab.test");
            TestClient.Reply aOwn = client.get("127.0.0.1", running.port(), "a.default.lab.test", "a.default.lab.test");
            assertThat(wrong.status()).isEqualTo(200);
            assertThat(wrong.body()).as("b gets a's page, byte for byte").isEqualTo(aOwn.body());
            assertThat(running.serverLog().entries().get(0).site()).contains("a.default.lab.test");
            assertThat(running.serverLog().entries().get(0).misrouted()).isTrue();
        }
    }

    @Test
    void a_proxy_without_sni_upstream_gets_421_for_every_request_and_the_fix_sends_the_authoritys_name()
            throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId("proxy-without-sni"), false)) {
            TestClient client = new TestClient(running.caCertificate());
            TestClient.Reply r = client.get("127.0.0.1", running.port(), "a.nosni.lab.test", "a.nosni.lab.test");
            assertThat(r.status()).isEqualTo(421);
            assertThat(r.body()).contains("No SNI was provided");
            ServedRequest upstream = running.serverLog().entries().stream().filter(e -> e.origin().equals("origin"))
                    .findFirst().orElseThrow();
            assertThat(upstream.sni()).isEmpty();
        }
        try (RunningLab running = LAB.start(Scenarios.byId("proxy-without-sni"), true)) {
            TestClient client = new TestClient(running.caCertificate());
            assertThat(client.get("127.0.0.1", running.port(), "b.nosni.lab.test", "b.nosni.lab.test").status())
                    .isEqualTo(200);
            ServedRequest upstream = running.serverLog().entries().stream().filter(e -> e.origin().equals("origin"))
                    .findFirst().orElseThrow();
            assertThat(upstream.sni()).contains("b.nosni.lab.test");
        }
    }

    @Test
    void every_diagram_has_a_client_and_labels_its_misdirected_arrows() {
        for (Scenario s : Scenarios.all()) {
            for (boolean fixed : new boolean[]{false, true}) {
                Diagram d = s.variant(fixed).diagram();
                assertThat(d.boxes()).extracting(Diagram.Box::kind).as(s.id()).contains(Diagram.Kind.CLIENT);
                d.arrows().stream().filter(a -> a.outcome() == Diagram.Outcome.MISDIRECTED)
                        .forEach(a -> assertThat(a.label()).contains("421"));
            }
        }
        assertThatThrownBy(() -> new Diagram(List.of(), List.of(new Diagram.Arrow("x", "y",
                java.util.Optional.empty(), java.util.Optional.empty(), Diagram.Outcome.OK))))
                .hasMessageContaining("unknown box");
    }
}
