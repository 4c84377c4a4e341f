package dev.misdirect.interop;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's HAProxy in TCP mode routing by SNI ({@code req.ssl_sni}) to two nginx backends that share one certificate
 * covering both names, each serving only its own name: b's request on a's connection travels where a's SNI went and
 * a's backend answers it with a's page. {@code verify} must call every pair misrouted, and the proxy's and backends'
 * logs must show why.
 */
@RequiresPrograms({Program.HAPROXY, Program.NGINX})
class HaproxyInteropTest extends VerifyInteropContract {
    private static final String A = "a.passthrough.verify.test";
    private static final String B = "b.passthrough.verify.test";

    private Haproxy proxy;
    private final Map<String, Nginx> backends = new LinkedHashMap<>();

    @Override
    Setup startSetup() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop HAProxy CA");
        Path certs = servers.temporary(RealServer.newDir("misdirect-haproxy-certs"));
        TestPki.Leaf shared = pki.leaf(certs, "shared", A, B);
        backends.put(A, servers.started(Nginx.start("127.0.2.52", List.of(
                new Nginx.Block(A, shared.certPem(), shared.keyPem(), "")))));
        backends.put(B, servers.started(Nginx.start("127.0.2.53", List.of(
                new Nginx.Block(B, shared.certPem(), shared.keyPem(), "")))));
        proxy = servers.started(Haproxy.start("127.0.2.51", Map.copyOf(backends)));
        return new Setup(proxy.address, proxy.port, List.of(A, B), pki.caCert, PairVerdict.MISROUTED);
    }

    /** Each backend's access log, its client ports (the proxy's own) traced back through the proxy's log. */
    @Override
    List<Served> served(VerifyRun run) throws Exception {
        List<Served> out = new ArrayList<>();
        for (Map.Entry<String, Nginx> backend : backends.entrySet()) {
            Nginx nginx = backend.getValue();
            nginx.awaitEntries((int) requestsWithSni(run, backend.getKey()));
            List<Haproxy.Routed> routed = proxy.routed();
            for (RealServer.AccessEntry e : nginx.accessLog()) {
                Haproxy.Routed r = routed.stream().filter(c -> c.backendSourcePort() == e.clientPort()
                        && c.backend().equals(Haproxy.backendFor(backend.getKey()))).findFirst()
                        .orElseThrow(() -> new AssertionError("no HAProxy log line for " + nginx.origin()
                                + "'s client port " + e.clientPort() + " in " + routed));
                out.add(new Served(r.clientPort(), r.sni(), HostPort.hostOf(e.host()), e.status(), nginx.origin()));
            }
        }
        return out;
    }

    @Test
    void the_proxy_routed_every_connection_by_its_sni_alone_so_each_backend_served_the_other_names_request() {
        for (Served s : served) {
            String routedTo = backends.get(s.sni().orElseThrow()).origin();
            assertThat(s.site()).as("Host %s on the connection with SNI %s", s.host(), s.sni().get()).isEqualTo(routedTo);
        }
        assertThat(served).as("a's backend answered b's request (nginx: its only block)")
                .anySatisfy(s -> assertThat(s).extracting(Served::host, Served::site, Served::status)
                        .containsExactly(B, backends.get(A).origin(), 200));
    }

    @Test
    void each_misrouted_pair_names_the_other_page_and_that_nothing_retries_it() {
        for (PairVerification v : run.pairs()) {
            assertThat(v.differences()).as(v.reason()).singleElement().asString().startsWith("another body");
            assertThat(v.reason()).contains("Nothing retries it");
        }
    }
}
