package dev.misdirect.interop;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Apache httpd with two name-based vhosts that share one certificate and differ only in {@code SSLProtocol}
 * (TLS 1.2 only, TLS 1.3 only): mod_ssl refuses either name's request on the other's connection with 421 (AH02032),
 * so {@code verify} must call both pairs refused-421.
 */
@RequiresPrograms({Program.APACHE_HTTPD})
class ApacheVerifyInteropTest extends VerifyInteropContract {
    private ApacheHttpd apache;

    @Override
    Setup startSetup() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Apache verify CA");
        Path certs = servers.temporary(RealServer.newDir("misdirect-apache-verify-certs"));
        String a = "a.protocols.verify.test";
        String b = "b.protocols.verify.test";
        TestPki.Leaf shared = pki.leaf(certs, "protocols", a, b);
        apache = servers.started(ApacheHttpd.startPair("127.0.2.55", shared, a, "SSLProtocol TLSv1.2", b,
                "SSLProtocol TLSv1.3"));
        return new Setup(apache.address, apache.port, List.of(a, b), pki.caCert, PairVerdict.REFUSED_421);
    }

    @Override
    List<Served> served(VerifyRun run) throws Exception {
        return accessLog(apache, run.requestsSent());
    }

    @Test
    void mod_ssl_logged_ah02032_for_each_refused_request_on_its_connection() throws Exception {
        for (PairVerification v : run.pairs()) {
            // "[remote 127.0.0.1:PORT] AH02032: Hostname A provided via SNI and hostname B provided via HTTP have no
            // compatible SSL setup", PORT being the carrier connection's
            apache.awaitErrorLog(":" + v.carried().orElseThrow().localPort() + "] AH02032: Hostname "
                    + HostPort.hostOf(v.carrier()) + " provided via SNI and hostname " + HostPort.hostOf(v.passenger())
                    + " provided via HTTP have no compatible SSL setup");
        }
    }
}
