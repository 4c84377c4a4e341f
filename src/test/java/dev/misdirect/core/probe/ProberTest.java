package dev.misdirect.core.probe;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.ClientCertMode;
import dev.misdirect.core.model.TlsSettings;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.HostKind;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.TlsStack;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes real TLS servers on loopback (127.0.0.x), with names resolved by a map: no traffic leaves the machine. Every
 * fact is checked with Conscrypt here and with the JDK's TLS in {@link ProberJdkStackTest}.
 */
class ProberTest {
    static final TestPki.Issued CA = TestPki.ca("Probe Test CA");
    static final TestPki.Issued OTHER_CA = TestPki.ca("Unknown CA");
    static final TestPki.Issued CLIENT_CA = TestPki.ca("Client CA");
    static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Prober.newExecutor(8);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static Prober prober(Map<String, List<String>> names) {
        return new Prober(pool, new MapResolver(names, "test name map"), ChainVerifier.trusting(List.of(CA.cert())));
    }

    static Authority at(String host, TlsTestServer s) {
        return Authority.of(host, s.port()).withResolve(List.of(s.address()));
    }

    /** The TLS implementation these tests probe with; {@link ProberJdkStackTest} runs them all again with the JDK's. */
    TlsStack stack() {
        return TlsStack.CONSCRYPT;
    }

    ProbeOptions fast() {
        return ProbeOptions.defaults().withConnectTimeout(Duration.ofSeconds(2)).withTlsTimeout(Duration.ofSeconds(3))
                .withTlsStack(stack());
    }

    static Handshake only(ProbeResult r) {
        assertThat(r.handshakes()).hasSize(1);
        return r.handshakes().get(0);
    }

    @Test
    void the_tls_time_follows_the_servers_latency_and_names_the_stack_that_made_the_handshake() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        long delayMs = 400;
        try (var quick = TlsTestServer.on("127.0.0.2").identity(leaf).start();
             var slow = TlsTestServer.on("127.0.0.3").identity(leaf).handshakeDelay(Duration.ofMillis(delayMs)).start()) {
            Handshake fastOne = only(prober(Map.of()).probe(List.of(at("a.example", quick)), fast()).get(0));
            Handshake slowOne = only(prober(Map.of()).probe(List.of(at("a.example", slow)), fast()).get(0));
            assertThat(slowOne.status()).isEqualTo(HandshakeStatus.OK);
            long quickMs = fastOne.timings().tlsMicros() / 1000;
            long slowMs = slowOne.timings().tlsMicros() / 1000;
            // the server reads the ClientHello only after its delay: the handshake cannot end sooner, and the
            // probe adds no more than the same handshake costs without the delay (plus scheduling noise)
            assertThat(slowMs).isGreaterThanOrEqualTo(delayMs);
            assertThat(slowMs).isLessThan(delayMs + quickMs + 200);
            assertThat(slowOne.tlsStack()).contains(stack().describe());
        }
    }

    @Test
    void a_trusted_server_reports_version_cipher_alpn_chain_sni_and_timings() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example", "*.tenants.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            ProbeResult r = prober(Map.of()).probe(List.of(at("a.example", server)), fast()).get(0);
            Handshake h = only(r);
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.tlsVersion()).contains("TLSv1.3");
            assertThat(h.cipherSuite()).hasValueSatisfying(c -> assertThat(c).startsWith("TLS_"));
            assertThat(h.alpn()).contains("h2");
            assertThat(h.sniSent()).contains("a.example");
            assertThat(server.awaitSnis(1, Duration.ofSeconds(5))).containsExactly(Optional.of("a.example"));
            assertThat(h.chain()).hasSize(2);
            assertThat(h.leaf().orElseThrow().dnsNames()).containsExactly("a.example", "*.tenants.example");
            assertThat(h.verdict()).isEqualTo(TrustVerdict.TRUSTED);
            assertThat(h.verdictReason()).contains("CN=Probe Test CA");
            assertThat(h.chainProblems()).isEmpty();
            assertThat(h.clientCertRequested()).isFalse();
            assertThat(h.resumed()).isEmpty();
            assertThat(h.timings().connectMicros()).isPositive();
            assertThat(h.timings().tlsMicros()).isPositive();
            assertThat(r.addressSource()).isEqualTo("resolve override");
            assertThat(r.addresses()).containsExactly("127.0.0.2");
        }
    }

    @Test
    void names_are_resolved_through_the_injected_resolver_and_every_address_is_probed() throws Exception {
        var leaf = TestPki.leaf(CA, "multi", List.of("multi.example"), List.of());
        try (var s1 = TlsTestServer.on("127.0.0.3").identity(leaf).start();
             var s2 = TlsTestServer.on("127.0.0.4").identity(leaf).start()) {
            // Two servers cannot share a port number reliably, so the authority's port is s1's and s2 is reached by
            // a second authority: what matters here is that the map's addresses are used, in order.
            Prober p = prober(Map.of("multi.example", List.of("127.0.0.3"), "two.example", List.of("127.0.0.4")));
            List<ProbeResult> rs = p.probe(List.of(Authority.of("multi.example", s1.port()), Authority.of("two.example", s2.port())), fast());
            assertThat(rs.get(0).addressSource()).isEqualTo("test name map");
            assertThat(rs.get(0).addresses()).containsExactly("127.0.0.3");
            assertThat(rs.get(0).dnsMicros()).isGreaterThanOrEqualTo(0);
            assertThat(only(rs.get(0)).status()).isEqualTo(HandshakeStatus.OK);
            assertThat(only(rs.get(1)).endpoint().address()).isEqualTo("127.0.0.4");
            assertThat(only(rs.get(1)).verdict()).isEqualTo(TrustVerdict.NAME_MISMATCH);
        }
    }

    @Test
    void the_addresses_of_one_authority_are_probed_in_parallel_not_one_after_another() throws Exception {
        try (var first = TlsTestServer.on("127.0.0.9").mode(TlsTestServer.Mode.SILENT).start();
             var second = TlsTestServer.on("127.0.0.10").port(first.port()).mode(TlsTestServer.Mode.SILENT).start()) {
            Authority a = Authority.of("slow.example", first.port()).withResolve(List.of("127.0.0.9", "127.0.0.10"));
            ProbeOptions opts = ProbeOptions.defaults().withTlsTimeout(Duration.ofSeconds(30));
            ProbeHandle h = prober(Map.of()).start(List.of(a), opts, ProbeListener.none());
            try {
                // One after another, the second address would be tried only once the first gave up (30 s).
                assertThat(first.awaitFirstConnection(Duration.ofSeconds(10))).isTrue();
                assertThat(second.awaitFirstConnection(Duration.ofSeconds(10))).isTrue();
                assertThat(h.isRunning()).as("both handshakes are still waiting on their silent servers").isTrue();
            } finally {
                h.cancel();
            }
            ProbeResult r = h.results().get(10, java.util.concurrent.TimeUnit.SECONDS).get(0);
            assertThat(r.addresses()).containsExactly("127.0.0.9", "127.0.0.10");
            assertThat(r.handshakes()).extracting(Handshake::endpoint).extracting(Endpoint::address)
                    .containsExactly("127.0.0.9", "127.0.0.10");
            assertThat(r.handshakes()).extracting(Handshake::status).containsOnly(HandshakeStatus.CANCELLED);
        }
    }

    @Test
    void every_authority_with_several_addresses_is_finished_exactly_once_with_its_handshakes_in_address_order()
            throws Exception {
        var leaf = TestPki.leaf(CA, "m", List.of("m0.example", "m1.example", "m2.example", "m3.example", "m4.example"),
                List.of());
        try (var s1 = TlsTestServer.on("127.0.0.11").identity(leaf).start();
             var s2 = TlsTestServer.on("127.0.0.12").port(s1.port()).identity(leaf).start();
             var s3 = TlsTestServer.on("127.0.0.13").port(s1.port()).identity(leaf).start()) {
            List<Authority> as = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                as.add(Authority.of("m" + i + ".example", s1.port())
                        .withResolve(List.of("127.0.0.11", "127.0.0.12", "127.0.0.13")));
            }
            List<Integer> dones = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            ProbeHandle h = prober(Map.of()).start(as, fast().withConcurrency(3), (result, done, total) -> dones.add(done));
            List<ProbeResult> rs = h.results().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(dones).containsExactly(1, 2, 3, 4, 5);
            assertThat(rs).extracting(r -> r.authority().host())
                    .containsExactly("m0.example", "m1.example", "m2.example", "m3.example", "m4.example");
            for (ProbeResult r : rs) {
                assertThat(r.handshakes()).extracting(Handshake::endpoint).extracting(Endpoint::address)
                        .containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
                assertThat(r.handshakes()).extracting(Handshake::status).containsOnly(HandshakeStatus.OK);
            }
        }
    }

    @Test
    void an_authority_with_two_addresses_gets_one_handshake_per_address() throws Exception {
        var leaf = TestPki.leaf(CA, "x", List.of("x.example"), List.of());
        try (var s1 = TlsTestServer.on("127.0.0.5").identity(leaf).start()) {
            try (var closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.6"))) {
                // 127.0.0.6 on s1's port: nothing listens there (ports are per address), so it is refused.
            }
            Authority a = Authority.of("x.example", s1.port()).withResolve(List.of("127.0.0.5", "127.0.0.6"));
            ProbeResult r = prober(Map.of()).probe(List.of(a), fast()).get(0);
            assertThat(r.handshakes()).extracting(Handshake::status)
                    .containsExactly(HandshakeStatus.OK, HandshakeStatus.REFUSED);
            assertThat(r.handshakes().get(1).message()).contains("127.0.0.6:" + s1.port()).contains("refused");
        }
    }

    @Test
    void an_ipv6_loopback_address_is_probed_and_written_canonically() throws Exception {
        var leaf = TestPki.leaf(CA, "v6.example", List.of("v6.example"), List.of());
        try (var server = TlsTestServer.on("::1").identity(leaf).start()) {
            Authority a = Authority.of("v6.example", server.port()).withResolve(List.of("0:0:0:0:0:0:0:1"));
            ProbeResult r = prober(Map.of()).probe(List.of(a), fast()).get(0);
            assertThat(r.addresses()).containsExactly("::1");
            Handshake h = only(r);
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.endpoint().toString()).isEqualTo("[::1]:" + server.port());
            assertThat(h.verdict()).isEqualTo(TrustVerdict.TRUSTED);
        }
    }

    @Test
    void a_certificate_from_an_unknown_ca_is_recorded_as_unknown_issuer_and_the_handshake_completes() throws Exception {
        var leaf = TestPki.leaf(OTHER_CA, "a.example", List.of("a.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("a.example", server)), fast()).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.verdict()).isEqualTo(TrustVerdict.UNKNOWN_ISSUER);
            assertThat(h.verdictReason()).contains("CN=Unknown CA").contains("not in the trust store");
        }
    }

    @Test
    void an_expired_certificate_is_recorded_as_expired() throws Exception {
        var leaf = TestPki.leaf(CA, "old.example", List.of("old.example"), List.of(),
                Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("old.example", server)), fast()).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.verdict()).isEqualTo(TrustVerdict.EXPIRED);
            assertThat(h.verdictReason()).contains("expired");
        }
    }

    @Test
    void a_certificate_that_does_not_cover_the_name_is_a_name_mismatch_with_the_reason() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("api.example", server)), fast()).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.verdict()).isEqualTo(TrustVerdict.NAME_MISMATCH);
            assertThat(h.verdictReason()).contains("does not cover api.example");
        }
    }

    @Test
    void a_self_signed_certificate_is_recorded_as_self_signed() throws Exception {
        var leaf = TestPki.selfSigned("self.example", List.of("self.example"));
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("self.example", server)), fast()).get(0));
            assertThat(h.verdict()).isEqualTo(TrustVerdict.SELF_SIGNED);
        }
    }

    @Test
    void a_server_asking_for_a_client_certificate_is_seen_with_the_cas_it_names() throws Exception {
        var leaf = TestPki.leaf(CA, "mtls.example", List.of("mtls.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.7").identity(leaf).clientAuth(List.of(CLIENT_CA.cert()), false).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("mtls.example", server)), fast()).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.clientCertRequested()).isTrue();
            assertThat(h.clientCertIssuers()).containsExactly("CN=Client CA");
        }
    }

    @Test
    void a_server_requiring_a_client_certificate_completes_when_one_is_given() throws Exception {
        var leaf = TestPki.leaf(CA, "mtls.example", List.of("mtls.example"), List.of());
        var client = TestPki.leaf(CLIENT_CA, "client", List.of(), List.of());
        try (var server = TlsTestServer.on("127.0.0.7").identity(leaf).clientAuth(List.of(CLIENT_CA.cert()), true)
                .protocol("TLSv1.2").start()) {
            ProbeOptions withCert = fast().withClientCredentials(Optional.of(new ClientCredentials(client.chain(), client.key())));
            Handshake ok = only(prober(Map.of()).probe(List.of(at("mtls.example", server)), withCert).get(0));
            assertThat(ok.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(ok.tlsVersion()).contains("TLSv1.2");
            assertThat(ok.clientCertRequested()).isTrue();

            Handshake refused = only(prober(Map.of()).probe(List.of(at("mtls.example", server)), fast()).get(0));
            assertThat(refused.status()).as(refused.message()).isEqualTo(HandshakeStatus.TLS_FAILED);
            assertThat(refused.clientCertRequested()).isTrue();
            assertThat(refused.message()).contains("client certificate");
            assertThat(refused.chain()).as("the chain seen before the alert is kept").isNotEmpty();
        }
    }

    private Handshake settingsOf(TlsTestServer server, String host) throws InterruptedException {
        Handshake h = only(prober(Map.of()).probe(List.of(at(host, server)), fast().withTlsSettings(true)).get(0));
        assertThat(h.tlsSettings()).as(h.message()).isPresent();
        return h;
    }

    @Test
    void the_settings_pass_records_the_versions_a_server_accepts_not_only_the_one_it_negotiates() throws Exception {
        var leaf = TestPki.leaf(CA, "old.example", List.of("old.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.9").identity(leaf).protocol("TLSv1.2").start()) {
            Handshake plain = only(prober(Map.of()).probe(List.of(at("old.example", server)), fast()).get(0));
            assertThat(plain.tlsSettings()).as("only when asked for").isEmpty();

            TlsSettings t = settingsOf(server, "old.example").tlsSettings().orElseThrow();
            assertThat(t.testedVersions()).containsExactly("TLSv1.2", "TLSv1.3");
            assertThat(t.acceptedVersions()).containsExactly("TLSv1.2");
            // an EC key: the ECDSA suites are accepted, the RSA ones refused
            assertThat(t.acceptedCipherSuites()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                    .noneMatch(c -> c.contains("_RSA_"));
            assertThat(t.testedCipherSuites()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(t.acceptedAlpn()).containsExactly("h2", "http/1.1");
            assertThat(t.clientCertificate()).isEqualTo(ClientCertMode.NONE);
            assertThat(t.clientHellos()).isEqualTo(2 + t.testedCipherSuites().size() + 1)
                    .isLessThanOrEqualTo(TlsSettings.maxClientHellos(2));
        }
    }

    @Test
    void the_settings_pass_names_the_tls12_cipher_suites_a_server_accepts_one_by_one() throws Exception {
        var leaf = TestPki.leaf(CA, "gcm.example", List.of("gcm.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.9").identity(leaf)
                .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256").start()) {
            TlsSettings t = settingsOf(server, "gcm.example").tlsSettings().orElseThrow();
            assertThat(t.acceptedVersions()).containsExactly("TLSv1.2", "TLSv1.3");
            assertThat(t.acceptedCipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        }
    }

    @Test
    void a_server_that_accepts_only_tls13_is_not_asked_about_tls12_cipher_suites() throws Exception {
        var leaf = TestPki.leaf(CA, "new.example", List.of("new.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.9").identity(leaf).protocol("TLSv1.3").noAlpn().start()) {
            TlsSettings t = settingsOf(server, "new.example").tlsSettings().orElseThrow();
            assertThat(t.acceptedVersions()).containsExactly("TLSv1.3");
            assertThat(t.testedCipherSuites()).isEmpty();
            assertThat(t.acceptedAlpn()).as("a server without ALPN selects none").isEmpty();
            assertThat(t.clientHellos()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "need={0}, {1}")
    @CsvSource({"false, TLSv1.3, REQUESTED", "true, TLSv1.3, REQUIRED", "false, TLSv1.2, REQUESTED",
            "true, TLSv1.2, REQUIRED"})
    void the_settings_pass_tells_a_requested_client_certificate_from_a_required_one(boolean need, String version,
                                                                                   ClientCertMode expected) throws Exception {
        var leaf = TestPki.leaf(CA, "mtls.example", List.of("mtls.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.7").identity(leaf).clientAuth(List.of(CLIENT_CA.cert()), need)
                .protocol(version).start()) {
            TlsSettings t = settingsOf(server, "mtls.example").tlsSettings().orElseThrow();
            assertThat(t.clientCertificate()).isEqualTo(expected);
            assertThat(t.acceptedVersions()).as("a version counts once the server answered with it")
                    .containsExactly(version);
        }
    }

    @Test
    void a_server_that_never_answers_the_handshake_times_out_on_schedule() throws Exception {
        try (var server = TlsTestServer.on("127.0.0.8").mode(TlsTestServer.Mode.SILENT).start()) {
            long t0 = System.nanoTime();
            Handshake h = only(prober(Map.of()).probe(List.of(at("silent.example", server)),
                    fast().withTlsTimeout(Duration.ofMillis(400))).get(0));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(h.status()).isEqualTo(HandshakeStatus.TLS_TIMEOUT);
            assertThat(h.message()).contains("within 400 ms");
            assertThat(ms).isBetween(380L, 3000L);
            assertThat(h.verdict()).isEqualTo(TrustVerdict.NOT_CHECKED);
        }
    }

    @Test
    void a_server_that_resets_the_connection_is_recorded_as_reset() throws Exception {
        try (var server = TlsTestServer.on("127.0.0.9").mode(TlsTestServer.Mode.RESET).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("reset.example", server)), fast()).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.RESET);
            assertThat(h.message()).contains("reset or closed during the TLS handshake");
        }
    }

    @Test
    void handshakes_with_a_loopback_address_are_at_most_one_per_processor_at_a_time() throws Exception {
        int cap = Prober.LOOPBACK_HANDSHAKES_IN_FLIGHT;
        int n = 2 * cap;
        Duration tlsTimeout = Duration.ofMillis(1000);
        List<Long> accepted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutorService mine = Prober.newExecutor(n);
        // a server that accepts and never answers: each handshake holds its connection until the TLS timeout, so a
        // second round of connections can only come a whole timeout after the first
        try (var silent = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                        accepted.add(System.nanoTime());
                    } catch (java.io.IOException e) {
                        held.forEach(c -> {
                            try {
                                c.close();
                            } catch (java.io.IOException ignored) {
                                // closing
                            }
                        });
                        return;
                    }
                }
            });
            acceptor.start();
            List<Authority> many = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                many.add(Authority.of("s" + i + ".example", silent.getLocalPort()).withResolve(List.of("127.0.0.1")));
            }
            long start = System.nanoTime();
            List<ProbeResult> results = new Prober(mine, new MapResolver(Map.of(), "test name map"),
                    ChainVerifier.trusting(List.of(CA.cert()))).probe(many, fast().withConcurrency(n)
                    .withTlsTimeout(tlsTimeout));
            assertThat(results).allSatisfy(r -> assertThat(only(r).status()).isEqualTo(HandshakeStatus.TLS_TIMEOUT));
            long firstRound = start + tlsTimeout.toNanos() / 2;
            assertThat(accepted).as("connections accepted in the first half of the timeout").hasSize(n)
                    .filteredOn(t -> t < firstRound).hasSizeBetween(1, cap);
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void a_port_with_nothing_listening_is_refused() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Authority a = Authority.of("gone.example", port).withResolve(List.of("127.0.0.1"));
        Handshake h = only(prober(Map.of()).probe(List.of(a), fast()).get(0));
        assertThat(h.status()).isEqualTo(HandshakeStatus.REFUSED);
        assertThat(h.message()).isEqualTo("connection to 127.0.0.1:" + port + " refused (nothing listening)");
        assertThat(h.timings().tlsMicros()).isEqualTo(-1);
    }

    @Test
    void a_name_the_resolver_does_not_know_is_a_dns_error_and_no_connection_is_made() throws Exception {
        ProbeResult r = prober(Map.of()).probe(List.of(Authority.of("nowhere.example", 443)), fast()).get(0);
        assertThat(r.dnsError()).contains("nowhere.example: not in the test name map");
        assertThat(r.handshakes()).isEmpty();
        assertThat(r.addresses()).isEmpty();
    }

    @Test
    void a_resolver_that_never_answers_is_abandoned_after_the_dns_timeout() throws Exception {
        Resolver hanging = new Resolver() {
            @Override
            public CompletableFuture<List<String>> resolve(String host) {
                return new CompletableFuture<>();
            }

            @Override
            public String source() {
                return "hanging resolver";
            }
        };
        Prober p = new Prober(pool, hanging, ChainVerifier.trusting(List.of(CA.cert())));
        ProbeResult r = p.probe(List.of(Authority.of("slow.example", 443)), fast().withDnsTimeout(Duration.ofMillis(200))).get(0);
        assertThat(r.dnsError()).contains("DNS lookup of slow.example did not answer within 200 ms (hanging resolver)");
        assertThat(r.dnsMicros()).isGreaterThanOrEqualTo(190_000);
    }

    @Test
    void no_sni_is_sent_for_sni_none_and_for_ip_literals() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of("127.0.0.2"));
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Authority noSni = new Authority("a.example", "a.example", HostKind.DNS, server.port(), "/",
                    List.of("127.0.0.2"), Optional.empty(), true, Optional.empty(), List.of());
            Authority literal = Authority.of("127.0.0.2", server.port());
            List<ProbeResult> rs = prober(Map.of()).probe(List.of(noSni, literal), fast().withConcurrency(1));
            assertThat(only(rs.get(0)).sniSent()).isEmpty();
            assertThat(only(rs.get(1)).sniSent()).isEmpty();
            assertThat(rs.get(1).addressSource()).isEqualTo("literal");
            assertThat(only(rs.get(1)).verdict()).as("IP SAN covers the literal").isEqualTo(TrustVerdict.TRUSTED);
            assertThat(server.awaitSnis(2, Duration.ofSeconds(5))).containsExactly(Optional.empty(), Optional.empty());
        }
    }

    @Test
    void a_second_handshake_reports_whether_the_session_resumed() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            Handshake h = only(prober(Map.of()).probe(List.of(at("a.example", server)), fast().withResumption(true)).get(0));
            assertThat(h.status()).isEqualTo(HandshakeStatus.OK);
            assertThat(h.resumed()).contains(true);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void progress_reports_each_authority_once_with_a_rising_done_count() throws Exception {
        var leaf = TestPki.leaf(CA, "a.example", List.of("*.tenants.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.2").identity(leaf).start()) {
            List<Authority> as = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                as.add(at("n" + i + ".example", server));
            }
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            ProbeHandle h = prober(Map.of()).start(as, fast().withConcurrency(3),
                    (r, done, total) -> seen.add(done + "/" + total + " " + r.authority().host()));
            List<ProbeResult> rs = h.results().get(10, TimeUnit.SECONDS);
            assertThat(rs).extracting(r -> r.authority().host()).containsExactly(
                    "n0.example", "n1.example", "n2.example", "n3.example", "n4.example", "n5.example");
            assertThat(seen).hasSize(6);
            assertThat(seen).extracting(s -> s.substring(0, s.indexOf(' ')))
                    .containsExactly("1/6", "2/6", "3/6", "4/6", "5/6", "6/6");
            assertThat(h.isRunning()).isFalse();
            assertThat(h.done()).isEqualTo(6);
        }
    }

    @Test
    void cancelling_stops_handshakes_in_flight_and_records_everything_unfinished_as_cancelled() throws Exception {
        try (var server = TlsTestServer.on("127.0.0.8").mode(TlsTestServer.Mode.SILENT).start()) {
            List<Authority> as = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                as.add(at("c" + i + ".example", server));
            }
            ProbeHandle h = prober(Map.of()).start(as, fast().withTlsTimeout(Duration.ofSeconds(30)).withConcurrency(2),
                    ProbeListener.none());
            assertThat(server.awaitFirstConnection(Duration.ofSeconds(5))).isTrue();
            long t0 = System.nanoTime();
            h.cancel();
            List<ProbeResult> rs = h.results().get(5, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
            assertThat(h.isCancelled()).isTrue();
            assertThat(rs).hasSize(5);
            assertThat(rs).allSatisfy(r -> assertThat(only(r).status()).isEqualTo(HandshakeStatus.CANCELLED));
        }
    }

    @Test
    void cancelling_abandons_a_lookup_that_never_answers() throws Exception {
        CompletableFuture<List<String>> never = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        Resolver hanging = new Resolver() {
            @Override
            public CompletableFuture<List<String>> resolve(String host) {
                asked.countDown();
                return never;
            }

            @Override
            public String source() {
                return "hanging resolver";
            }
        };
        Prober p = new Prober(pool, hanging, ChainVerifier.trusting(List.of(CA.cert())));
        ProbeHandle h = p.start(List.of(Authority.of("slow.example", 443)), fast().withDnsTimeout(Duration.ofSeconds(30)),
                ProbeListener.none());
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
        h.cancel();
        ProbeResult r = h.results().get(5, TimeUnit.SECONDS).get(0);
        assertThat(r.dnsError()).hasValueSatisfying(e -> assertThat(e).startsWith(Prober.CANCELLED_PREFIX));
        assertThat(r.handshakes()).isEmpty();
    }

    @Test
    void an_empty_authority_list_completes_at_once() throws Exception {
        assertThat(prober(Map.of()).start(List.of(), fast(), ProbeListener.none()).results().get(1, TimeUnit.SECONDS)).isEmpty();
    }
}
