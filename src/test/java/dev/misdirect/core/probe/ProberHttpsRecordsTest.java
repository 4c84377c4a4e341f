package dev.misdirect.core.probe;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.tls.ChainVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe asks the resolver for each authority's HTTPS records after its addresses, keeps the answer in the result,
 * and never lets that lookup fail or stall the probe. Names resolve to a loopback address nothing listens on.
 */
class ProberHttpsRecordsTest {
    static final HttpsRecord H3 = new HttpsRecord(1, ".", List.of("h3", "h2"), false, Optional.empty(), List.of(),
            List.of(), Optional.empty());
    static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Prober.newExecutor(4);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** Answers 127.0.0.9 for every name, and {@code https} for the records. */
    static final class FixedResolver implements Resolver {
        final CompletableFuture<Optional<HttpsRecords>> https;
        final AtomicInteger asked = new AtomicInteger();
        volatile String askedFor = "";

        FixedResolver(CompletableFuture<Optional<HttpsRecords>> https) {
            this.https = https;
        }

        @Override
        public CompletableFuture<List<String>> resolve(String host) {
            return CompletableFuture.completedFuture(List.of("127.0.0.9"));
        }

        @Override
        public String source() {
            return "fixed resolver";
        }

        @Override
        public CompletableFuture<Optional<HttpsRecords>> httpsRecords(String host, int port, List<String> addresses) {
            asked.incrementAndGet();
            askedFor = host + ":" + port + " " + addresses;
            return https;
        }
    }

    static ProbeResult probe(Resolver r, Authority a, Duration dnsTimeout) throws Exception {
        ProbeOptions options = ProbeOptions.defaults().withDnsTimeout(dnsTimeout)
                .withConnectTimeout(Duration.ofSeconds(2)).withTlsTimeout(Duration.ofSeconds(2));
        return new Prober(pool, r, ChainVerifier.trusting(List.of())).probe(List.of(a), options).get(0);
    }

    @Test
    void the_records_the_resolver_serves_are_kept_with_the_authority_after_its_addresses_were_asked() throws Exception {
        HttpsRecords served = HttpsRecords.found("_8443._https.a.example", "fixed resolver", List.of(H3));
        FixedResolver r = new FixedResolver(CompletableFuture.completedFuture(Optional.of(served)));

        ProbeResult p = probe(r, Authority.of("a.example", 8443), Duration.ofSeconds(2));

        assertThat(p.httpsRecords()).contains(served);
        assertThat(r.askedFor).isEqualTo("a.example:8443 [127.0.0.9]");
        assertThat(p.handshakes()).hasSize(1);
    }

    @Test
    void records_are_not_asked_for_an_address_override_nor_an_ip_literal() throws Exception {
        FixedResolver r = new FixedResolver(CompletableFuture.completedFuture(Optional.of(
                HttpsRecords.found("a.example", "fixed resolver", List.of(H3)))));

        ProbeResult overridden = probe(r, Authority.of("a.example", 443).withResolve(List.of("127.0.0.9")),
                Duration.ofSeconds(2));
        ProbeResult literal = probe(r, Authority.of("127.0.0.9", 443), Duration.ofSeconds(2));

        assertThat(overridden.httpsRecords()).isEmpty();
        assertThat(literal.httpsRecords()).isEmpty();
        assertThat(r.asked).hasValue(0);
    }

    @Test
    void a_records_lookup_that_never_answers_is_unknown_after_the_dns_timeout_and_the_probe_goes_on() throws Exception {
        FixedResolver r = new FixedResolver(new CompletableFuture<>());

        ProbeResult p = probe(r, Authority.of("a.example", 443), Duration.ofMillis(300));

        assertThat(p.dnsError()).isEmpty();
        assertThat(p.handshakes()).hasSize(1);
        assertThat(p.httpsRecords()).hasValueSatisfying(h -> {
            assertThat(h.outcome()).isEqualTo(HttpsRecords.Outcome.UNKNOWN);
            assertThat(h.queriedName()).isEqualTo("a.example");
            assertThat(h.source()).isEqualTo("fixed resolver");
            assertThat(h.reason()).contains("no answer within 300 ms");
        });
    }

    @Test
    void the_system_resolver_does_not_ask_nameservers_about_a_name_that_resolved_to_loopback_only() throws Exception {
        SystemResolver system = new SystemResolver(pool);

        assertThat(system.httpsRecords("localhost", 443, List.of("127.0.0.1", "::1")).get()).isEmpty();
    }

    @Test
    void a_name_map_serves_no_https_records_so_they_are_not_asked() throws Exception {
        MapResolver lab = new MapResolver(java.util.Map.of("a.example", List.of("127.0.0.9")), "lab name map");

        assertThat(lab.httpsRecords("a.example", 443, List.of("127.0.0.9")).get()).isEmpty();
    }
}
