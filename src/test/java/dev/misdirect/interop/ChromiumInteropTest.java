package dev.misdirect.interop;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.io.ImportKind;
import dev.misdirect.core.io.ImportResult;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless and offline, loads a page from one name (a) that pulls a script and an image from the
 * other (b), both names on one loopback IP:port under one certificate, and writes a NetLog. The NetLog, read by the
 * product's importer, must show what the {@code chromium-h2} prediction (from a real probe of the same server) said:
 * b coalesced onto a's connection; where Apache's vhosts differ in TLS settings, or nginx's block for b verifies
 * client certificates, the server's 421 and Chromium's restart on a connection of b's own; for the control, no 421.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@RequiresPrograms({Program.APACHE_HTTPD, Program.NGINX, Program.CHROMIUM})
class ChromiumInteropTest {
    private final RealServers servers = new RealServers();
    private final Map<String, TestPki.Leaf> leaves = new HashMap<>();
    private List<ServedPair> pairs = List.of();
    private Path work;

    @BeforeAll
    void start() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Chromium CA");
        work = servers.temporary(RealServer.newDir("misdirect-chromium"));
        pairs = List.of(
                apache(pki, "tls-protocols", "127.0.2.41", "SSLProtocol TLSv1.2", "SSLProtocol TLSv1.3", true),
                apache(pki, "control", "127.0.2.42", "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                        "SSLProtocol -all +TLSv1.2 +TLSv1.3", false),
                nginx(pki, "client-verify", "127.0.2.43"));
    }

    private ServedPair apache(TestPki pki, String id, String address, String aDirectives, String bDirectives,
                              boolean mismatched) throws Exception {
        String a = "a." + id + ".browser.test";
        String b = "b." + id + ".browser.test";
        TestPki.Leaf leaf = pki.leaf(work, id, a, b);
        ApacheHttpd server = started(ApacheHttpd.startPair(address, leaf, a, aDirectives, b, bDirectives));
        return withPage(new ServedPair(id, server, a, b, mismatched, true, pki.caCert), server.docroot(), leaf);
    }

    /** b's block verifies client certificates: the handshake for a carries no CertificateRequest, b's does. */
    private ServedPair nginx(TestPki pki, String id, String address) throws Exception {
        String a = "a." + id + ".nginx.browser.test";
        String b = "b." + id + ".nginx.browser.test";
        TestPki.Leaf leaf = pki.leaf(work, "nginx-" + id, a, b);
        Path ca = pki.writeCa(work);
        Nginx server = started(Nginx.start(address, List.of(
                new Nginx.Block(a, leaf.certPem(), leaf.keyPem(), ""),
                new Nginx.Block(b, leaf.certPem(), leaf.keyPem(),
                        "ssl_verify_client optional; ssl_client_certificate " + ca + ";"))));
        return withPage(new ServedPair(id, server, a, b, true, true, pki.caCert), server.docroot(), leaf);
    }

    /** a's page pulls two sub-resources from b: the first may go to a's connection, the rest follow the outcome. */
    private ServedPair withPage(ServedPair pair, Path docroot, TestPki.Leaf leaf) throws Exception {
        leaves.put(pair.toString(), leaf);
        Files.writeString(docroot.resolve("index.html"), """
                <!doctype html><title>interop</title>
                <script src="%1$sapp.js"></script>
                <img src="%1$spixel.txt" alt="pixel">
                """.formatted(pair.url(pair.b())));
        Files.writeString(docroot.resolve("app.js"), "document.title = 'script from b loaded';\n");
        Files.writeString(docroot.resolve("pixel.txt"), "pixel\n");
        return pair;
    }

    private <S extends RealServer> S started(S server) {
        return servers.started(server);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    Stream<ServedPair> pairs() {
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void chromium_did_what_the_chromium_h2_prediction_says_coalesced_and_421_only_where_the_server_refuses(ServedPair pair)
            throws Exception {
        PairDecision predicted = predictChromium(pair);
        Path dir = Files.createDirectories(work.resolve(pair.server().program().replace(' ', '-') + "-" + pair.id()));
        int logged = pair.server().accessLog().size();
        Path netLog = HeadlessChromium.load(pair.url(pair.a()) + "index.html",
                Map.of(pair.a(), pair.server().address, pair.b(), pair.server().address),
                List.of(leaves.get(pair.toString()).spkiSha256()), dir);

        try {
            judge(pair, predicted, netLog, logged);
        } catch (AssertionError | RuntimeException e) {
            // Chromium's behaviour can vary with timing: the capture that failed is kept for a look
            Path kept = Files.createDirectories(Path.of("target", "failed-netlogs")).resolve(dir.getFileName() + ".json");
            Files.copy(netLog, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            e.addSuppressed(new AssertionError("the NetLog is kept at " + kept.toAbsolutePath()));
            throw e;
        }
    }

    /** What the capture shows against the prediction and the server's own log. */
    private void judge(ServedPair pair, PairDecision predicted, Path netLog, int logged) throws Exception {
        ImportResult imported = new Importers().importFile(netLog);
        assertThat(imported.kind()).isEqualTo(ImportKind.NETLOG);
        List<TimelineEvent> events = imported.events();
        String bKey = pair.key(pair.b());
        Map<Integer, Optional<String>> sniOf = new HashMap<>();
        events.stream().filter(TimelineEvent.ConnectionOpened.class::isInstance)
                .map(TimelineEvent.ConnectionOpened.class::cast)
                .forEach(o -> sniOf.put(o.connectionId(), o.sni()));
        List<TimelineEvent.ConnectionAcquired> bAcquired = events.stream()
                .filter(TimelineEvent.ConnectionAcquired.class::isInstance).map(TimelineEvent.ConnectionAcquired.class::cast)
                .filter(e -> e.authority().equals(bKey)).toList();
        List<TimelineEvent.Misdirected> misdirected = events.stream()
                .filter(TimelineEvent.Misdirected.class::isInstance).map(TimelineEvent.Misdirected.class::cast).toList();
        String what = pair + ": prediction " + predicted.rule() + " / " + predicted.risk() + " " + predicted.riskReason()
                + "; imported " + events.size() + " events from " + netLog;

        boolean coalesced = bAcquired.stream().anyMatch(TimelineEvent.ConnectionAcquired::coalesced);
        assertThat(predicted.shared()).as(what + ": every pair here is set up for Chromium to coalesce").isTrue();
        assertThat(bAcquired).as(what + ": b's requests").isNotEmpty();
        assertThat(coalesced).as(what + ": Chromium put b on a's connection").isEqualTo(predicted.shared());
        assertThat(!misdirected.isEmpty()).as(what + ": Chromium got a 421")
                .isEqualTo(predicted.risk() == MisdirectRisk.LIKELY);
        assertThat(misdirected).as(what).allSatisfy(m -> {
            assertThat(m.authority()).isEqualTo(bKey);
            assertThat(m.sni()).contains(pair.a());
            assertThat(m.hiddenByClient()).as("Chromium restarts a 421 without showing it").isTrue();
        });
        List<TimelineEvent.RetryScheduled> restarts = events.stream()
                .filter(TimelineEvent.RetryScheduled.class::isInstance).map(TimelineEvent.RetryScheduled.class::cast)
                .toList();
        assertThat(restarts).as(what + ": restarts").hasSameSizeAs(misdirected);
        List<TimelineEvent.ResponseReceived> bOk = events.stream()
                .filter(TimelineEvent.ResponseReceived.class::isInstance).map(TimelineEvent.ResponseReceived.class::cast)
                .filter(r -> r.status() == 200 && bAcquired.stream().anyMatch(e -> e.exchangeId() == r.exchangeId()))
                .toList();
        assertThat(bOk).as(what + ": b's resources were served").isNotEmpty();
        if (!misdirected.isEmpty()) {
            assertThat(bOk).as(what + ": after the restart, b is served on a connection with b's own SNI")
                    .allSatisfy(r -> assertThat(sniOf.get(r.connectionId())).isEqualTo(Optional.of(pair.b())));
        }

        // the server's own log: b's requests on a's connection (SNI a) answered 421 or 200, as the browser recorded
        long answered = events.stream().filter(TimelineEvent.ResponseReceived.class::isInstance).count();
        pair.server().awaitEntries(logged + (int) answered);
        List<RealServer.AccessEntry> all = pair.server().accessLog();
        List<RealServer.AccessEntry> seen = all.subList(logged, all.size());
        List<Integer> bOnA = seen.stream().filter(e -> e.host().equals(bKey) && e.sni().equals(Optional.of(pair.a())))
                .map(RealServer.AccessEntry::status).toList();
        assertThat(bOnA).as(what + ": the server's log of b on SNI " + pair.a() + ": " + seen).isNotEmpty()
                .allMatch(s -> s == (pair.mismatched() ? 421 : 200));
        if (pair.mismatched()) {
            assertThat(bOnA).as(what + ": each 421 in the server's log is in the NetLog").hasSameSizeAs(misdirected);
        }
    }

    private PairDecision predictChromium(ServedPair pair) throws InterruptedException {
        ExecutorService executor = Prober.newExecutor(2);
        try {
            List<ProbeResult> probes = pair.probe(executor);
            // headless Chromium with a fresh profile holds no client certificate
            return pair.predict(probes, ClientPolicy.CHROMIUM_H2, PredictionInput.defaults().withClientCertificate(false));
        } finally {
            executor.shutdownNow();
        }
    }
}
