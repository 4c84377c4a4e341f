package dev.misdirect.interop;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay against Debian's Apache httpd whose vhost b requires a client certificate ({@code SSLVerifyClient require})
 * and a client that has none: b's request coalesced onto a's connection is answered 421, and the retry on b's own
 * connection is refused in the TLS handshake. The findings must name that failure and give the fix for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiresPrograms({Program.APACHE_HTTPD})
class ClientCertificateReplayInteropTest {
    private final RealServers servers = new RealServers();
    private ServedPair pair;

    @BeforeAll
    void start() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Replay Client Auth CA");
        Path work = servers.temporary(RealServer.newDir("misdirect-replay-client-auth"));
        String a = "a.require-cert.interop.test";
        String b = "b.require-cert.interop.test";
        TestPki.Leaf leaf = pki.leaf(work, "require-cert", a, b);
        Path ca = pki.writeCa(work);
        ApacheHttpd server = servers.started(ApacheHttpd.startPair("127.0.2.46", leaf, a, "", b,
                "SSLVerifyClient require\n  SSLCACertificateFile " + ca));
        pair = new ServedPair("require-cert", server, a, b, true, true, pki.caCert);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void a_retry_refused_for_want_of_a_client_certificate_is_named_with_the_client_certificate_fix() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        ReplayRun run;
        try {
            ClientOptions client = ClientOptions.of(ConnectionPolicy.COALESCING).withRetry421(true)
                    .withNames(pair.nameMap()).withTrust(List.of(pair.ca()), false).withResolver(HostResolver.none())
                    .withTimeouts(ServedPair.TIMEOUTS);
            run = new ReplayEngine(executor).run(pair.plan(), ReplayOptions.of(client), new ReplayProgress() {
            });
        } finally {
            executor.shutdownNow();
        }
        String all = run.findings().toString();
        Finding failure = run.findings().stream()
                .filter(f -> f.title().contains("failed: ") && f.cause() != FindingCause.MISDIRECTED_REQUEST)
                .findFirst().orElseThrow(() -> new AssertionError("no failure finding in " + all));
        assertThat(failure.title()).as(all).contains("handshake refused: the server requires a client certificate");
        assertThat(failure.cause()).isEqualTo(FindingCause.TLS_FAILURE);
        assertThat(failure.fix()).contains("client certificate").doesNotContain("check that the name resolves")
                .doesNotContain("Check that the name resolves");
        Finding misdirected = run.findings().stream().filter(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST)
                .findFirst().orElseThrow(() -> new AssertionError("no 421 finding in " + all));
        assertThat(misdirected.details()).as("the retry's failure is named, not shown as status 0")
                .doesNotContain("→ 0").contains("failed: handshake refused: the server requires a client certificate");
    }
}
