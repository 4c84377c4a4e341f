package dev.misdirect.interop;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's nginx with one server block for both names under one certificate: whichever connection a request travels
 * on, the same block answers it, so {@code verify} must call both pairs shared-ok.
 */
@RequiresPrograms({Program.NGINX})
class NginxVerifyInteropTest extends VerifyInteropContract {
    private Nginx nginx;

    @Override
    Setup startSetup() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop nginx verify CA");
        Path certs = servers.temporary(RealServer.newDir("misdirect-nginx-verify-certs"));
        List<String> names = List.of("a.one-block.verify.test", "b.one-block.verify.test");
        TestPki.Leaf shared = pki.leaf(certs, "one-block", names.toArray(String[]::new));
        nginx = servers.started(Nginx.start("127.0.2.56", List.of(
                new Nginx.Block(String.join(" ", names), shared.certPem(), shared.keyPem(), ""))));
        return new Setup(nginx.address, nginx.port, names, pki.caCert, PairVerdict.SHARED_OK);
    }

    @Override
    List<Served> served(VerifyRun run) throws Exception {
        return accessLog(nginx, run.requestsSent());
    }

    @Test
    void each_shared_pair_got_the_same_page_as_on_its_own_connection() {
        for (PairVerification v : run.pairs()) {
            assertThat(v.differences()).as(v.reason()).isEmpty();
            assertThat(v.carried().orElseThrow().bodySha256()).as(v.reason())
                    .isEqualTo(v.own().get(0).bodySha256()).isPresent();
        }
    }
}
