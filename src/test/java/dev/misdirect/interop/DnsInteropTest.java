package dev.misdirect.interop;

import dev.misdirect.cli.Cli;
import dev.misdirect.cli.ExitCode;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.probe.DnsServerResolver;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * HTTPS records (RFC 9460) served by a real DNS server: Debian's Unbound on loopback, authoritative for
 * {@code dns.test.}, asked directly with {@code --resolver}. The names point at a loopback TLS origin whose
 * certificate covers them, so the probe resolves them through Unbound alone and connects.
 */
@RequiresPrograms(RequiresPrograms.Program.UNBOUND)
class DnsInteropTest {
    static final String DNS_ADDRESS = "127.0.0.45";
    static final String ORIGIN_ADDRESS = "127.0.0.46";
    /** An origin that advertises HTTP/3 in an Alt-Svc header only (its names have no HTTPS record). */
    static final String ALT_SVC_ADDRESS = "127.0.0.47";
    /** 20 bytes standing for an ECHConfigList: only its length is read. */
    static final byte[] ECH = "not-an-ech-config-20".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final TestPki.Issued CA = TestPki.ca("DNS Interop CA");

    static TlsTestServer origin;
    static TlsTestServer altSvcOrigin;
    static Unbound unbound;
    static Path caPem;
    static String a;
    static String b;
    static String c;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        origin = TlsTestServer.on(ORIGIN_ADDRESS).answerHttp1().identity(TestPki.leaf(CA, "a.dns.test",
                List.of("a.dns.test", "b.dns.test", "c.dns.test"), List.of())).start();
        altSvcOrigin = TlsTestServer.on(ALT_SVC_ADDRESS).answerHttp1("Alt-Svc", "h3=\":443\"; ma=60")
                .identity(TestPki.leaf(CA, "d.dns.test", List.of("d.dns.test", "e.dns.test"), List.of())).start();
        caPem = TestPki.writePem(dir.resolve("ca.pem"), List.of(CA.cert()));
        int port = origin.port();
        a = "a.dns.test:" + port;
        b = "b.dns.test:" + port;
        c = "c.dns.test:" + port;
        unbound = Unbound.start(DNS_ADDRESS, "dns.test.", List.of(
                "a.dns.test. IN A " + ORIGIN_ADDRESS,
                "b.dns.test. IN A " + ORIGIN_ADDRESS,
                "c.dns.test. IN A " + ORIGIN_ADDRESS,
                "v6.dns.test. IN AAAA ::1",
                "_" + port + "._https.a.dns.test. IN HTTPS 1 . alpn=h3,h2 port=" + port + " ipv4hint=" + ORIGIN_ADDRESS
                        + " ech=" + Base64.getEncoder().encodeToString(ECH) + " ipv6hint=::1",
                "_" + port + "._https.b.dns.test. IN HTTPS 1 . alpn=h3,h2",
                "_" + port + "._https.c.dns.test. IN HTTPS 1 . alpn=h2 no-default-alpn",
                "www.dns.test. IN HTTPS 0 cdn.dns.test.",
                "www.dns.test. IN A " + ORIGIN_ADDRESS,
                "d.dns.test. IN A " + ALT_SVC_ADDRESS,
                "e.dns.test. IN A " + ALT_SVC_ADDRESS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (unbound != null) {
            unbound.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (altSvcOrigin != null) {
            altSvcOrigin.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static DnsServerResolver resolver() {
        return new DnsServerResolver(DnsServer.parse(unbound.resolverArgument()), Duration.ofSeconds(5));
    }

    @Test
    void https_records_are_read_as_unbound_serves_them_with_alpn_port_hints_and_the_ech_length() throws Exception {
        DnsServerResolver r = resolver();
        HttpsRecords records = r.httpsRecords("a.dns.test", origin.port(), List.of()).get(10, TimeUnit.SECONDS)
                .orElseThrow();

        assertThat(records.outcome()).isEqualTo(HttpsRecords.Outcome.RECORDS);
        assertThat(records.queriedName()).isEqualTo("_" + origin.port() + "._https.a.dns.test");
        assertThat(records.source()).isEqualTo("DNS server " + unbound.resolverArgument());
        assertThat(records.records()).containsExactly(new HttpsRecord(1, ".", List.of("h3", "h2"), false,
                Optional.of(origin.port()), List.of(ORIGIN_ADDRESS), List.of("::1"), Optional.of(ECH.length)));
        assertThat(records.advertisesH3()).isTrue();

        HttpsRecords c = r.httpsRecords("c.dns.test", origin.port(), List.of()).get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(c.records()).singleElement().satisfies(rec -> {
            assertThat(rec.alpn()).containsExactly("h2");
            assertThat(rec.noDefaultAlpn()).isTrue();
        });
        assertThat(c.advertisesH3()).isFalse();

        HttpsRecords alias = r.httpsRecords("www.dns.test", 443, List.of()).get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(alias.queriedName()).isEqualTo("www.dns.test");
        assertThat(alias.records()).singleElement().satisfies(rec -> {
            assertThat(rec.aliasMode()).isTrue();
            assertThat(rec.target()).isEqualTo("cdn.dns.test.");
        });

        HttpsRecords none = r.httpsRecords("a.dns.test", 443, List.of()).get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(none.outcome()).isEqualTo(HttpsRecords.Outcome.NONE);
        assertThat(none.reason()).contains("no HTTPS record");
        HttpsRecords missing = r.httpsRecords("missing.dns.test", 443, List.of()).get(10, TimeUnit.SECONDS)
                .orElseThrow();
        assertThat(missing.outcome()).isEqualTo(HttpsRecords.Outcome.NONE);
        assertThat(missing.reason()).contains("NXDOMAIN");

        assertThat(r.resolve("v6.dns.test").get(10, TimeUnit.SECONDS)).containsExactly("::1");
        assertThat(r.resolve("a.dns.test").get(10, TimeUnit.SECONDS)).containsExactly(ORIGIN_ADDRESS);
    }

    @Test
    void probe_with_resolver_resolves_names_through_unbound_connects_and_keeps_the_records_in_the_session()
            throws Exception {
        Result r = run("probe", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(), "--json", a);

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "output");
        ProbeResult p = s.probes().get(0);
        assertThat(p.addresses()).containsExactly(ORIGIN_ADDRESS);
        assertThat(p.addressSource()).isEqualTo("DNS server " + unbound.resolverArgument());
        assertThat(p.handshakes()).singleElement().satisfies(h -> assertThat(h.completed()).isTrue());
        assertThat(p.httpsRecords()).hasValueSatisfying(h -> assertThat(h.advertisesH3()).isTrue());

        Result text = run("probe", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(), a, c);
        assertThat(text.code()).as(text.err()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("DNS: HTTPS records (RFC 9460)").contains("h3,h2").contains(ECH.length + " bytes")
                .contains("h2 (no-default-alpn)").contains("from the DNS server " + unbound.resolverArgument())
                .contains("Alt-Svc: not asked");
    }

    @Test
    void chromium_h3_is_predicted_between_names_whose_https_records_list_h3_and_not_when_one_lists_only_h2() {
        Result both = run("predict", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(),
                "--client", "chromium-h3", a, b);
        assertThat(both.code()).as(both.err()).isEqualTo(ExitCode.OK);
        assertThat(both.out()).contains("one connection: " + a + " + " + b)
                .contains("both advertise HTTP/3: a.dns.test:" + origin.port() + " by its HTTPS record (1 . alpn=h3,h2")
                .contains("from the DNS server " + unbound.resolverArgument());

        Result oneSilent = run("predict", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(),
                "--client", "chromium-h3", a, c);
        assertThat(oneSilent.code()).as(oneSilent.err()).isEqualTo(ExitCode.OK);
        assertThat(oneSilent.out()).contains("shares no connection")
                .contains("no HTTP/3 advertisement is known for c.dns.test:" + origin.port())
                .contains("no h3 in 1 . alpn=h2 no-default-alpn");
    }

    @Test
    void with_alt_svc_the_probe_reads_the_header_of_one_head_request_and_chromium_h3_takes_it_as_evidence() {
        String d = "d.dns.test:" + altSvcOrigin.port();
        String e = "e.dns.test:" + altSvcOrigin.port();
        Result without = run("predict", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(),
                "--client", "chromium-h3", d, e);
        assertThat(without.code()).as(without.err()).isEqualTo(ExitCode.OK);
        assertThat(without.out()).contains("shares no connection").contains("Alt-Svc not asked");

        Result with = run("predict", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(),
                "--alt-svc", "--client", "chromium-h3", d, e);
        assertThat(with.code()).as(with.err()).isEqualTo(ExitCode.OK);
        assertThat(with.out()).contains("one connection: " + d + " + " + e)
                .contains("both advertise HTTP/3: " + d + " by its Alt-Svc header (h3=\":443\"; ma=60, from HEAD / to "
                        + ALT_SVC_ADDRESS + ":" + altSvcOrigin.port() + " (http/1.1))");

        Result probe = run("probe", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(),
                "--alt-svc", d);
        assertThat(probe.code()).as(probe.err()).isEqualTo(ExitCode.OK);
        assertThat(probe.out()).contains(d + ": none (NXDOMAIN), from the DNS server")
                .contains(d + ": Alt-Svc: h3=\":443\"; ma=60, from HEAD / to " + ALT_SVC_ADDRESS + ":"
                        + altSvcOrigin.port() + " (http/1.1) → 200");
    }

    @Test
    void replay_with_resolver_sends_its_requests_to_the_address_unbound_gave() throws Exception {
        Result r = run("replay", "--resolver", unbound.resolverArgument(), "--cacert", caPem.toString(), "--http1",
                "--json", a);

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(r.out(), "output");
        ReplayRun run = s.replays().get(0);
        assertThat(run.events()).filteredOn(e -> e instanceof TimelineEvent.DnsResolved).isNotEmpty()
                .allSatisfy(e -> assertThat(((TimelineEvent.DnsResolved) e).addresses()).containsExactly(ORIGIN_ADDRESS));
        assertThat(run.steps()).isNotEmpty().allSatisfy(step -> assertThat(step.finalStatus()).isEqualTo(200));
    }

    @Test
    void a_resolver_that_does_not_answer_is_a_dns_error_naming_it_within_the_timeout_not_a_hang() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(DNS_ADDRESS), 0))) {
            String server = DNS_ADDRESS + ":" + silent.getLocalPort();
            Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("probe", "--resolver", server,
                    "--dns-timeout", "700", a));

            assertThat(r.code()).isEqualTo(ExitCode.CANNOT_RUN);
            assertThat(r.out()).contains("DNS FAILED")
                    .contains("DNS lookup of a.dns.test did not answer within 700 ms (DNS server " + server + ")");
        }
    }
}
