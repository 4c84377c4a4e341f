package dev.misdirect.lab;

import dev.misdirect.lab.Scenario.OriginSpec;
import dev.misdirect.lab.Scenario.Role;
import dev.misdirect.lab.Scenario.VirtualHost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MisdirectionTest {
    private static final List<String> BOTH = List.of("TLSv1.2", "TLSv1.3");

    private static OriginSpec origin(RoutingRule rule) {
        return new OriginSpec("o", Role.ORIGIN, "127.0.0.1", rule, List.of(
                new VirtualHost("a", List.of("a.lab.test"), "c", BOTH, false),
                new VirtualHost("b", List.of("b.lab.test"), "c", List.of("TLSv1.3"), true),
                new VirtualHost("w", List.of("*.w.lab.test"), "c", BOTH, false)), Optional.empty());
    }

    @ParameterizedTest(name = "{0}: SNI {1}, Host {2} -> {3}")
    @CsvSource({
            "TENANT_ROUTER, a.lab.test, a.lab.test:8443, 200",
            "TENANT_ROUTER, a.lab.test, b.lab.test:8443, 421",
            "TENANT_ROUTER, x.w.lab.test, y.w.lab.test, 421",
            "TENANT_ROUTER, x.w.lab.test, X.W.lab.test., 200",
            "TENANT_ROUTER, -, a.lab.test, 421",
            "APACHE_TLS_COMPATIBILITY, a.lab.test, b.lab.test, 421",
            "APACHE_TLS_COMPATIBILITY, a.lab.test, x.w.lab.test, 200",
            "APACHE_TLS_COMPATIBILITY, -, b.lab.test, 421",
            "APACHE_TLS_COMPATIBILITY, b.lab.test, b.lab.test, 200",
            "NGINX_CLIENT_VERIFY, a.lab.test, b.lab.test, 421",
            "NGINX_CLIENT_VERIFY, b.lab.test, a.lab.test, 200",
            "NGINX_CLIENT_VERIFY, b.lab.test, b.lab.test:443, 200",
            "HOST_ROUTER, a.lab.test, b.lab.test, 200",
            "HOST_ROUTER, a.lab.test, c.lab.test, 421",
            "HOST_ROUTER, a.lab.test, a.b.w.lab.test, 421",
    })
    void decides_like_the_server_family_it_models(RoutingRule rule, String sni, String host, int status) {
        Optional<String> s = sni.equals("-") ? Optional.empty() : Optional.of(sni);
        Misdirection.Decision d = Misdirection.decide(origin(rule), s, host);
        assertThat(d.status()).as(d.reason()).isEqualTo(status);
        assertThat(d.reason()).contains(Misdirection.hostOf(host)).contains(s.map(x -> "SNI " + x).orElse("SNI"));
        assertThat(d.vhost().isPresent()).isEqualTo(status == 200);
    }

    @ParameterizedTest
    @CsvSource({"a.lab.test:8443, a.lab.test", "[::1]:443, ::1", "A.Lab.Test., a.lab.test", "::1, ::1", "b.lab.test, b.lab.test"})
    void host_of_an_authority_drops_port_brackets_case_and_trailing_dot(String authority, String host) {
        assertThat(Misdirection.hostOf(authority)).isEqualTo(host);
    }
}
