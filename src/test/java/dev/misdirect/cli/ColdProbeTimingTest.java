package dev.misdirect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.testing.TestPki;
import dev.misdirect.testing.TlsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line in a fresh JVM, as a user runs it: its first handshakes' TLS times are the server's, not the
 * JVM's start-up (class loading, code run for the first time).
 */
class ColdProbeTimingTest {
    static final TestPki.Issued CA = TestPki.ca("Cold Probe CA");

    @Test
    void a_fresh_process_reports_the_servers_handshake_latency_not_its_own_warm_up(@TempDir Path tmp) throws Exception {
        long delayMs = 300;
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example", "b.example", "c.example"), List.of());
        try (var server = TlsTestServer.on("127.0.0.4").identity(leaf).handshakeDelay(Duration.ofMillis(delayMs)).start()) {
            warmTheServerSide(server.port());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.misdirect.Main", "probe", "--json"));
            for (String host : List.of("a.example", "b.example", "c.example")) {
                cmd.add("--resolve");
                cmd.add(host + ":" + server.port() + ":127.0.0.4");
                cmd.add(host + ":" + server.port());
            }
            Path out = tmp.resolve("probe.json");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(tmp.resolve("probe.err").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe ends").isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("probe.err"))).isZero();

            JsonNode session = new ObjectMapper().readTree(out.toFile());
            List<Long> tlsMs = new ArrayList<>();
            session.findValues("tlsMicros").forEach(v -> tlsMs.add(v.asLong() / 1000));
            assertThat(tlsMs).hasSize(3);
            // every handshake waits for the server's delay; none carries the fresh JVM's warm-up on top of what the
            // same handshake costs in a warm JVM on this machine now (the margin is what curl's time_appconnect
            // allows: 50 x 5 ms)
            long warmMs = warmHandshakeMillis(server.port());
            assertThat(tlsMs).allSatisfy(ms -> assertThat(ms).isBetween(delayMs, warmMs + 250));
            assertThat(session.findValuesAsText("tlsStack")).allSatisfy(s -> assertThat(s).startsWith("Conscrypt"));
        }
    }

    /** The median TLS time of three handshakes with the server from this (warm) JVM. */
    private static long warmHandshakeMillis(int port) throws Exception {
        ExecutorService pool = Prober.newExecutor(1);
        try {
            Prober prober = new Prober(pool, new MapResolver(Map.of(), "test"), ChainVerifier.trusting(List.of(CA.cert())));
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ms.add(prober.probe(List.of(Authority.of("a.example", port).withResolve(List.of("127.0.0.4"))),
                        ProbeOptions.defaults()).get(0).handshakes().get(0).timings().tlsMicros() / 1000);
            }
            java.util.Collections.sort(ms);
            return ms.get(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One handshake in this JVM first: the server's half (the JDK's TLS, in this JVM) is not what is measured. */
    private static void warmTheServerSide(int port) throws Exception {
        ExecutorService pool = Prober.newExecutor(1);
        try {
            new Prober(pool, new MapResolver(Map.of(), "test"), ChainVerifier.trusting(List.of(CA.cert())))
                    .probe(List.of(Authority.of("a.example", port).withResolve(List.of("127.0.0.4"))), ProbeOptions.defaults());
        } finally {
            pool.shutdownNow();
        }
    }
}
