package dev.misdirect.core.metrics;

import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.CheckResult;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.names.HostnameMatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of one check (what {@code misdirect check --metrics} writes and {@code misdirect serve} answers a
 * probe with), per authority and, when given, per vantage point (a {@code vantage} label on every series):
 *
 * <ul>
 *   <li>{@code misdirect_probe_success}: 1 when the name resolved and a TLS handshake completed on every address;</li>
 *   <li>{@code misdirect_certificate_remaining_seconds}: the time until the earliest notAfter of the leaves served
 *       for the name (negative once expired); absent when no handshake completed;</li>
 *   <li>{@code misdirect_san_covered}: 1 when every leaf served for the name covers it (RFC 9525), 0 when one does
 *       not; absent when no handshake completed (not measured is not "covered");</li>
 *   <li>{@code misdirect_misdirected_responses}: the 421 answers to the name's requests in this check (replays and
 *       verified pairs);</li>
 *   <li>{@code misdirect_expectation_passed}: 1 or 0 per authority and expectation;</li>
 *   <li>{@code misdirect_pair_verdict}: 1 per verified pair (carrier, passenger, address) with its verdict as a label;</li>
 *   <li>{@code misdirect_check_duration_seconds}: how long the check took.</li>
 * </ul>
 * Every value is a gauge: it describes this check, not a running total. Pure; any thread.
 */
public final class CheckMetrics {
    private CheckMetrics() {
    }

    /**
     * Writes the check's families to {@code w}.
     *
     * @param vantage  where the check ran, when the user named it
     * @param now      the time certificate lifetimes are measured from
     * @param duration how long the check took
     */
    public static void write(OpenMetricsWriter w, CheckReport report, Optional<String> vantage, Instant now,
                             Duration duration) {
        Session session = report.session();
        List<ProbeResult> probes = session.probes();

        OpenMetricsWriter.Family success = w.family("misdirect_probe_success", OpenMetricsWriter.Type.GAUGE, "",
                "1 when the authority resolved and a TLS handshake completed on every address, else 0.");
        for (ProbeResult p : probes) {
            boolean ok = p.dnsError().isEmpty() && !p.handshakes().isEmpty()
                    && p.handshakes().stream().allMatch(Handshake::completed);
            success.sample(labels(vantage, "authority", p.authority().key()), ok ? 1 : 0);
        }

        OpenMetricsWriter.Family remaining = w.family("misdirect_certificate_remaining_seconds",
                OpenMetricsWriter.Type.GAUGE, "seconds",
                "Seconds until the earliest notAfter of the leaf certificates served for the authority (negative once expired).");
        for (ProbeResult p : probes) {
            leaves(p).stream().map(CertificateInfo::notAfter).min(Instant::compareTo).ifPresent(notAfter ->
                    remaining.sample(labels(vantage, "authority", p.authority().key()),
                            Duration.between(now, notAfter).toMillis() / 1000.0));
        }

        OpenMetricsWriter.Family covered = w.family("misdirect_san_covered", OpenMetricsWriter.Type.GAUGE, "",
                "1 when every leaf certificate served for the authority covers its name by a subjectAltName, else 0.");
        for (ProbeResult p : probes) {
            List<CertificateInfo> leaves = leaves(p);
            if (!leaves.isEmpty()) {
                String host = p.authority().host();
                boolean all = leaves.stream().allMatch(c -> HostnameMatcher.match(host, c).covered());
                covered.sample(labels(vantage, "authority", p.authority().key()), all ? 1 : 0);
            }
        }

        OpenMetricsWriter.Family misdirected = w.family("misdirect_misdirected_responses", OpenMetricsWriter.Type.GAUGE,
                "", "421 Misdirected Request answers to the authority's requests in this check (replays and verified pairs).");
        Map<String, Long> count421 = misdirectedCounts(session);
        for (Authority a : session.authoritySet().authorities()) {
            misdirected.sample(labels(vantage, "authority", a.key()), count421.getOrDefault(a.key(), 0L));
        }

        OpenMetricsWriter.Family passed = w.family("misdirect_expectation_passed", OpenMetricsWriter.Type.GAUGE, "",
                "1 when the expectation held for the authority, else 0.");
        Map<List<String>, Boolean> verdicts = new LinkedHashMap<>();
        for (CheckResult r : report.results()) {
            verdicts.merge(List.of(r.authority(), r.expectation()), r.passed(), Boolean::logicalAnd);
        }
        verdicts.forEach((key, ok) -> passed.sample(labels(vantage, "authority", key.get(0), "expectation", key.get(1)),
                ok ? 1 : 0));

        OpenMetricsWriter.Family pairs = w.family("misdirect_pair_verdict", OpenMetricsWriter.Type.GAUGE, "",
                "1 for the verdict of the passenger's request sent on the carrier's connection to the address.");
        Map<List<String>, Boolean> seen = new LinkedHashMap<>();
        for (VerifyRun run : session.verifications()) {
            for (PairVerification p : run.pairs()) {
                if (seen.put(List.of(p.carrier(), p.passenger(), p.address()), true) == null) {
                    pairs.sample(labels(vantage, "carrier", p.carrier(), "passenger", p.passenger(), "address",
                            p.address(), "verdict", p.verdict().id()), 1);
                }
            }
        }

        w.family("misdirect_check_duration_seconds", OpenMetricsWriter.Type.GAUGE, "seconds",
                        "How long the check took, in seconds.")
                .sample(labels(vantage), duration.toNanos() / 1e9);
    }

    /** Every 421 answer per authority key: attempts of the check's replays and carried requests of its verify runs. */
    static Map<String, Long> misdirectedCounts(Session session) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ReplayRun run : session.replays()) {
            for (StepOutcome step : run.steps()) {
                long n = step.attempts().stream().filter(a -> a.status() == 421).count();
                if (n > 0) {
                    counts.merge(step.authority(), n, Long::sum);
                }
            }
        }
        for (VerifyRun run : session.verifications()) {
            for (PairVerification p : run.pairs()) {
                if (p.carried().map(c -> c.status() == 421).orElse(false)) {
                    counts.merge(p.passenger(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static List<CertificateInfo> leaves(ProbeResult p) {
        return p.handshakes().stream().filter(Handshake::completed).map(Handshake::leaf).flatMap(Optional::stream)
                .toList();
    }

    /** The label set: the vantage first when given, then the pairs of names and values. */
    private static Map<String, String> labels(Optional<String> vantage, String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        vantage.ifPresent(v -> m.put("vantage", v));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}
