package dev.misdirect.bench;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.names.HostnameMatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Cost of predicting every client policy for N authorities (tenants of 5 per shared IP under one wildcard
 * certificate). Baseline, measured in the same run: the N×(N−1) host-name matches that any predictor has to make,
 * so the ratio shows what the rules, the risk assessment and the grouping add on top of name matching.
 */
public final class PredictorBenchmark implements Callable<String> {
    private static final int ROUNDS = 15;

    @Override
    public String call() {
        StringBuilder md = new StringBuilder("## Coalescing prediction\n\n")
                .append("All ").append(ClientPolicy.values().length).append(" client policies, tenants in groups of 5 per IP "
                        + "under one wildcard certificate. Baseline: the N×(N−1) host-name matches alone (same run).\n\n")
                .append("| authorities | ordered pairs × policies | predict + findings (median) | baseline: name matches (median) | ratio |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        Predictor predictor = new Predictor();
        for (int n : new int[] {10, 50, 100}) {
            List<ProbeResult> results = tenants(n);
            long predict = median(() -> predictor.findings(predictor.predict(results, PredictionInput.defaults(),
                    EnumSet.allOf(ClientPolicy.class))).size());
            long baseline = median(() -> matches(results));
            md.append("| ").append(n).append(" | ").append((long) n * (n - 1) * ClientPolicy.values().length)
                    .append(" | ").append(String.format("%.2f ms", predict / 1e6))
                    .append(" | ").append(String.format("%.3f ms", baseline / 1e6))
                    .append(" | ").append(String.format("%.0f×", (double) predict / Math.max(1, baseline))).append(" |\n");
        }
        return md.toString();
    }

    private static int matches(List<ProbeResult> results) {
        int covered = 0;
        for (ProbeResult a : results) {
            CertificateInfo leaf = a.handshakes().get(0).chain().get(0);
            for (ProbeResult b : results) {
                if (a != b && HostnameMatcher.match(b.authority().host(), leaf).covered()) {
                    covered++;
                }
            }
        }
        return covered;
    }

    private static long median(Callable<Integer> work) {
        long[] t = new long[ROUNDS];
        int sink = 0;
        try {
            for (int i = 0; i < 10; i++) {
                sink += work.call();
            }
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                sink += work.call();
                t[i] = System.nanoTime() - start;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (sink == Integer.MIN_VALUE) {
            System.err.println(sink);
        }
        Arrays.sort(t);
        return t[ROUNDS / 2];
    }

    private static List<ProbeResult> tenants(int n) {
        List<ProbeResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int group = i / 5;
            String host = "t" + i + ".g" + group + ".example.com";
            String ip = "127.0." + (group / 200) + "." + (group % 200 + 10);
            CertificateInfo wild = new CertificateInfo("CN=*.g" + group + ".example.com", "CN=Bench CA", "01",
                    List.of("*.g" + group + ".example.com"), List.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(86400),
                    "EC", 256, "SHA256withECDSA", "FP" + group, "spki" + group, false, false, "");
            Authority a = Authority.of(host, 443);
            Handshake h = new Handshake(a.key(), new Endpoint(ip, 443), Optional.of(host), HandshakeStatus.OK, "ok",
                    Optional.of("TLSv1.3"), Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"), List.of(wild),
                    TrustVerdict.TRUSTED, "trusted", List.of(), false, List.of(), Optional.empty(), PhaseTimings.none());
            out.add(new ProbeResult(a, List.of(ip), "bench", Optional.empty(), 0, List.of(h)));
        }
        return out;
    }
}
