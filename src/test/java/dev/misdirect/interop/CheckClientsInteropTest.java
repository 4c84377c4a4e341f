package dev.misdirect.interop;

import dev.misdirect.cli.Cli;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code misdirect check} against Debian's Apache httpd on loopback: a name whose vhost requires a client certificate
 * passes {@code expect-status} only with {@code --cert/--key}; and two names on one address whose certificates do not
 * cover each other pass {@code no-421-when-coalesced: true} (real clients never coalesce them) while a file that asks
 * for IP-keyed proxy pools by name sees the 421 such a pool gets. Each line names the client set it used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiresPrograms({Program.APACHE_HTTPD})
class CheckClientsInteropTest {
    private final RealServers servers = new RealServers();
    private Path work;
    private Path ca;
    private TestPki.Leaf client;
    private ApacheHttpd requireCert;
    private ApacheHttpd separateCerts;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Check CA");
        work = servers.temporary(RealServer.newDir("misdirect-check-clients"));
        ca = pki.writeCa(work);
        client = pki.leaf(work, "client", "client.interop.test");
        TestPki.Leaf shared = pki.leaf(work, "require", "a.require.check.test", "b.require.check.test");
        requireCert = started(ApacheHttpd.startPair("127.0.2.47", shared, "a.require.check.test", "",
                "b.require.check.test", "SSLVerifyClient require\n  SSLCACertificateFile " + ca));
        TestPki.Leaf onlyA = pki.leaf(work, "only-a", "a.separate.check.test");
        TestPki.Leaf onlyB = pki.leaf(work, "only-b", "b.separate.check.test");
        separateCerts = started(ApacheHttpd.start("127.0.2.48", List.of(
                new ApacheHttpd.VHost("a.separate.check.test", onlyA.certPem(), onlyA.keyPem(), ""),
                new ApacheHttpd.VHost("b.separate.check.test", onlyB.certPem(), onlyB.keyPem(), ""))));
    }

    private ApacheHttpd started(ApacheHttpd server) {
        return servers.started(server);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private Run check(String yaml, String... extra) throws Exception {
        Path file = Files.createTempFile(work, "expect", ".yaml");
        Files.writeString(file, yaml);
        List<String> args = new ArrayList<>(List.of("check", "--expect", file.toString(), "--cacert", ca.toString(),
                "--timeout", "5"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void a_name_that_requires_a_client_certificate_passes_expect_status_only_with_cert_and_key() throws Exception {
        String yaml = """
                authorities:
                  - authority: b.require.check.test:%d
                    resolve: [127.0.2.47]
                    expect-status: 200
                """.formatted(requireCert.port);
        Run without = check(yaml);
        assertThat(without.code()).as(without.out() + without.err()).isEqualTo(1);
        Run with = check(yaml, "--cert", client.certPem().toString(), "--key", client.keyPem().toString());
        assertThat(with.code()).as(with.out() + with.err()).isZero();
        assertThat(with.out()).contains("✔ b.require.check.test:" + requireCert.port);
    }

    @Test
    void certificates_that_do_not_cover_each_other_pass_for_real_clients_and_fail_only_for_an_ip_keyed_pool_asked_by_name()
            throws Exception {
        String names = """
                  - authority: a.separate.check.test:%1$d
                    resolve: [127.0.2.48]
                  - authority: b.separate.check.test:%1$d
                    resolve: [127.0.2.48]
                """.formatted(separateCerts.port);
        Run real = check("defaults:\n  no-421-when-coalesced: true\nauthorities:\n" + names);
        assertThat(real.code()).as(real.out() + real.err()).isZero();
        assertThat(real.out()).contains("no 421 when coalesced by real clients (coalescing)")
                .doesNotContain("ip-keyed");
        Run pools = check("defaults:\n  no-421-when-coalesced: [coalescing, ip-keyed]\nauthorities:\n" + names);
        assertThat(pools.code()).as(pools.out() + pools.err()).isEqualTo(1);
        assertThat(pools.out()).contains("✘").contains("no 421 when coalesced by real clients (coalescing) and IP-keyed "
                + "proxy pools (ip-keyed)");
    }
}
