package dev.misdirect.interop;

import dev.misdirect.core.io.Importers;
import dev.misdirect.core.io.ServerLogEntry;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Caddy 2 with {@code strict_sni_host on}, one site for two names under one certificate covering both: Caddy
 * answers 421 to any request whose Host is not the TLS server name, so {@code verify} must call every pair
 * refused-421, and Caddy's JSON access log must hold each 421.
 */
@RequiresPrograms({Program.CADDY})
class CaddyInteropTest extends VerifyInteropContract {
    private Caddy caddy;

    @Override
    Setup startSetup() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Caddy CA");
        Path certs = servers.temporary(RealServer.newDir("misdirect-caddy-certs"));
        List<String> names = List.of("a.strict.verify.test", "b.strict.verify.test");
        caddy = servers.started(Caddy.start("127.0.2.54", names, pki.leaf(certs, "strict", names.toArray(String[]::new))));
        return new Setup(caddy.address, caddy.port, names, pki.caCert, PairVerdict.REFUSED_421);
    }

    /** Caddy's JSON access log, read by Misdirect's own server-log import. */
    @Override
    List<Served> served(VerifyRun run) throws Exception {
        caddy.awaitLogs(() -> RealServer.lines(caddy.accessJson()).size() >= run.requestsSent(),
                "logged fewer than " + run.requestsSent() + " requests in access.json");
        return new Importers().serverLog(caddy.accessJson()).entries().stream().map(ServerLogEntry::view)
                .map(v -> new Served(v.clientPort(), v.sni(), HostPort.hostOf(v.authority()), v.status(), caddy.origin()))
                .toList();
    }

    @Test
    void each_refusal_says_which_clients_retry_the_421_and_which_surface_it() {
        for (PairVerification v : run.pairs()) {
            assertThat(v.carried().orElseThrow().status()).isEqualTo(421);
            assertThat(v.reason()).as(v.passenger()).contains("Chromium, Firefox and OkHttp retry it")
                    .contains("Safari, Node's undici and .NET surface the 421");
        }
    }
}
