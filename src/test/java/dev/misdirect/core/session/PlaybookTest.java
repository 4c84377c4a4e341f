package dev.misdirect.core.session;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PlaybookTest {

    @ParameterizedTest(name = "{0}: reproduce with {1}; fix = fixed variant {2}, policy {3}")
    @CsvSource({
            "tenants-wildcard,     COALESCING, true,  COALESCING",
            "vhost-tls-mismatch,   COALESCING, true,  COALESCING",
            "ingress-missing-san,  IP_KEYED,   true,  IP_KEYED",
            "ip-keyed-proxy,       COALESCING, true,  COALESCING",
            "vhost-client-auth,    COALESCING, true,  COALESCING",
            "sni-passthrough,      COALESCING, true,  COALESCING",
            "default-vhost,        COALESCING, true,  COALESCING",
            "proxy-without-sni,    COALESCING, true,  COALESCING",
    })
    void each_scenario_gets_the_policy_that_shows_its_421_or_misroute_and_a_fix_its_data_says_removes_it(
            String id, ConnectionPolicy reproduce, boolean fixedVariant, ConnectionPolicy fixPolicy) {
        Playbook p = Playbook.of(Scenarios.byId(id));
        assertThat(p.reproducePolicy()).isEqualTo(reproduce);
        assertThat(p.fix().fixedVariant()).isEqualTo(fixedVariant);
        assertThat(p.fix().policy()).isEqualTo(fixPolicy);
        // whatever was chosen, the scenario's own expectation for it is free of 421 and of misrouted answers
        var variant = Scenarios.byId(id).variant(p.fix().fixedVariant());
        assertThat(variant.expectation(p.fix().policy()).orElseThrow().clean()).isTrue();
        // and the reproducing policy does show a 421 or a misrouted answer on the broken servers
        assertThat(Scenarios.byId(id).broken().expectation(reproduce).orElseThrow().clean()).isFalse();
    }

    @Test
    void when_the_fixed_servers_still_421_under_ip_keyed_pools_the_fix_is_per_authority_pools() {
        // vhost-client-auth's fixed variant still answers 421 to an IP-keyed pool: reproducing with ip-keyed must
        // fall back to isolated pools on the broken servers, which its data says are clean
        Playbook.Fix fix = Playbook.fixFor(Scenarios.byId("vhost-client-auth"), ConnectionPolicy.IP_KEYED);
        assertThat(fix.fixedVariant()).isFalse();
        assertThat(fix.policy()).isEqualTo(ConnectionPolicy.ISOLATED);
    }
}
