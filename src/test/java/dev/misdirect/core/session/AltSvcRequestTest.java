package dev.misdirect.core.session;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.core.probe.ProbeListener;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Engine#altSvc}: one HEAD per probed authority on its own connection, its Alt-Svc header kept with the
 * probe result; authorities the probe could not reach are left as they were. Loopback servers only.
 */
class AltSvcRequestTest {
    static final TestPki.Issued CA = TestPki.ca("Alt-Svc CA");
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(9));

    @Test
    void the_alt_svc_header_of_each_reachable_authority_is_kept_and_an_unreachable_one_is_left_unasked()
            throws Exception {
        try (TlsTestServer server = TlsTestServer.on("127.0.0.48").answerHttp1("Alt-Svc", "h3=\":443\"; ma=60")
                .identity(TestPki.leaf(CA, "a.example", List.of("a.example"), List.of())).start()) {
            Engine engine = TestEngine.engine();
            Target target = Target.system().withAddedCas(List.of(CA.cert()));
            Authority reachable = Authority.of("a.example", server.port()).withResolve(List.of("127.0.0.48"));
            Authority closed = Authority.of("b.example", server.port()).withResolve(List.of("127.0.0.49"));
            Inspection probed = engine.probe(target, AuthoritySet.of(List.of(reachable, closed)),
                    ProbeOptions.defaults().withConnectTimeout(Duration.ofSeconds(2)), ProbeListener.none())
                    .result().get(30, TimeUnit.SECONDS);

            List<ProbeResult> asked = engine.altSvc(target, probed.results(), TIMEOUTS).result().get(30, TimeUnit.SECONDS);

            assertThat(asked.get(0).altSvc()).hasValueSatisfying(a -> {
                assertThat(a.value()).contains("h3=\":443\"; ma=60");
                assertThat(a.advertisesH3()).isTrue();
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.request()).isEqualTo("HEAD / to 127.0.0.48:" + server.port() + " (http/1.1)");
            });
            assertThat(asked.get(1).altSvc()).isEmpty();
            assertThat(asked.get(1).handshakes()).noneMatch(h -> h.completed());
            assertThat(asked.get(0).altSvc().map(AltSvc::describe)).hasValueSatisfying(d ->
                    assertThat(d).endsWith("→ 200"));
        }
    }
}
