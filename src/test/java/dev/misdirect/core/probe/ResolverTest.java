package dev.misdirect.core.probe;

import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolverTest {

    @Test
    void the_map_resolver_ignores_case_and_a_trailing_dot_and_writes_addresses_canonically() throws Exception {
        MapResolver r = new MapResolver(Map.of("A.Lab.Test", List.of("127.0.0.11", "0:0:0:0:0:0:0:1")), "lab name map");
        assertThat(r.resolve("a.lab.test.").get()).containsExactly("127.0.0.11", "::1");
        assertThat(r.source()).isEqualTo("lab name map");
    }

    @Test
    void the_map_resolver_fails_an_unknown_name_with_unknown_host_naming_the_map() {
        MapResolver r = new MapResolver(Map.of(), "lab name map");
        assertThatThrownBy(() -> r.resolve("b.lab.test").get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UnknownHostException.class).hasMessage("b.lab.test: not in the lab name map");
    }

    @Test
    void the_system_resolver_answers_localhost_with_loopback_addresses_on_its_own_threads() throws Exception {
        ExecutorService dns = Prober.newDnsExecutor();
        try {
            SystemResolver r = new SystemResolver(dns);
            List<String> addresses = r.resolve("localhost").get(5, TimeUnit.SECONDS);
            assertThat(addresses).isNotEmpty().allMatch(a -> a.startsWith("127.") || a.equals("::1"));
            assertThat(r.source()).isEqualTo("system resolver");
        } finally {
            dns.shutdownNow();
        }
    }

    @Test
    void probe_options_refuse_non_positive_timeouts_and_concurrency() {
        assertThatThrownBy(() -> ProbeOptions.defaults().withTlsTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tlsTimeout");
        assertThatThrownBy(() -> ProbeOptions.defaults().withConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        ProbeOptions d = ProbeOptions.defaults();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.tlsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.alpn()).containsExactly("h2", "http/1.1");
    }
}
