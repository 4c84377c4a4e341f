package dev.misdirect.core.check;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.TlsSettings;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks expectations against live origins: probes every authority once (DNS, TCP, TLS on every address),
 * predicts per client from that probe, and sends the real requests the HTTP expectations need through the
 * {@link ReplayEngine} (each with the 421 retry off, so a 421 is seen as it is).
 *
 * <p>Requests reuse the probe's addresses (the replay's name map is filled from the probe, so probe and requests
 * see the same nodes). Expectations are evaluated authority by authority in file order, and within an authority
 * in {@link Expectations#EXPECTATION_KEYS} order; the requests of one run in that order too, so results against a
 * stateful origin (a proxy's upstream pool) are reproducible.
 *
 * <p><b>Contract.</b> {@link #check} blocks the calling thread (never a UI thread) until every probe and request is
 * done; each is bounded by the probe options' and the replay client's timeouts. Interrupting the caller cancels the
 * probe or replay in progress and throws {@link InterruptedException}. Network failures are results (failed
 * expectations with the reason), never exceptions; only "nothing reachable at all" is
 * {@link CheckCannotRunException}. One instance may serve several checks one after another.
 */
public final class Checker {
    /** Whether an expectation is judged by the settings pass's facts ({@code min-tls}: the accepted versions). */
    private static boolean needsTlsSettings(Expectations expectations) {
        return expectations.authorities().stream()
                .anyMatch(a -> a.expectations().stream().anyMatch(e -> e instanceof Expectation.MinTls));
    }

    private static final List<String> TLS_ORDER = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final Prober prober;
    private final ProbeOptions probeOptions;
    private final ReplayEngine engine;
    private final ReplayOptions replay;
    private final Clock clock;

    /**
     * @param prober       probes with the caller's resolver and trust (the lab's name map and CA for lab runs)
     * @param probeOptions timeouts and concurrency of the probe
     * @param engine       sends the requests; its executor is owned by the caller
     * @param replay       template for every request run: trust, resolver, timeouts, lab scenario and server log;
     *                     policy, 421 retry, names and SNI overrides are set per run
     * @param clock        decides how many days a certificate has left and stamps the session
     */
    public Checker(Prober prober, ProbeOptions probeOptions, ReplayEngine engine, ReplayOptions replay, Clock clock) {
        this.prober = prober;
        this.probeOptions = probeOptions;
        this.engine = engine;
        this.replay = replay;
        this.clock = clock;
    }

    /**
     * Checks every expectation. Blocks (see the class comment).
     *
     * @throws CheckCannotRunException when no address of any authority accepted a TCP connection
     * @throws InterruptedException    when the calling thread was interrupted (the work in progress is cancelled)
     */
    public CheckReport check(Expectations expectations) throws InterruptedException, CheckCannotRunException {
        return check(expectations, Optional.empty());
    }

    /**
     * Checks every expectation, {@code no-misroute} and {@code no-421-when-coalesced} judged by {@code verified}
     * (what {@code verify} measured for every shared pair) when given. Blocks (see the class comment).
     *
     * @throws CheckCannotRunException when no address of any authority accepted a TCP connection
     * @throws InterruptedException    when the calling thread was interrupted (the work in progress is cancelled)
     */
    public CheckReport check(Expectations expectations, Optional<VerifyRun> verified)
            throws InterruptedException, CheckCannotRunException {
        List<Authority> authorities = expectations.authorities().stream().map(AuthorityExpectations::authority).toList();
        List<ProbeResult> probes = prober.probe(authorities, probeOptions.withTlsSettings(
                probeOptions.tlsSettings() || needsTlsSettings(expectations)));
        if (!anyReachable(probes)) {
            throw new CheckCannotRunException("nothing was reachable: no address of "
                    + authorities.stream().map(Authority::key).collect(Collectors.joining(", "))
                    + " accepted a TCP connection" + firstProblem(probes));
        }
        Run run = new Run(expectations, probes, verified);
        List<CheckResult> results = new ArrayList<>();
        for (AuthorityExpectations ae : expectations.authorities()) {
            for (Expectation e : ae.expectations()) {
                results.add(run.evaluate(ae, e));
            }
        }
        List<Finding> findings = new ArrayList<>(Analysis.analyse(probes).findings());
        findings.addAll(new Predictor().findings(run.predictions));
        for (CheckResult r : results) {
            if (!r.passed()) {
                findings.add(finding(r));
            }
        }
        Session session = Session.of("misdirect check " + expectations.source(), AuthoritySet.of(authorities),
                        clock.instant())
                .withLabScenario(replay.labScenario())
                .withProbes(probes, findings)
                .withPredictions(run.predictions);
        for (ReplayRun r : run.runs) {
            session = session.withReplay(r);
        }
        if (verified.isPresent()) {
            session = session.withVerification(verified.get());
        }
        return new CheckReport(expectations.source(), results, session);
    }

    private final class Run {
        private final Map<String, ProbeResult> probeOf = new LinkedHashMap<>();
        private final Map<String, List<String>> names = new LinkedHashMap<>();
        private final List<CoalescingPrediction> predictions;
        private final List<ReplayRun> runs = new ArrayList<>();
        private final List<Authority> authorities;
        private final Optional<VerifyRun> verified;

        Run(Expectations expectations, List<ProbeResult> probes, Optional<VerifyRun> verified) {
            this.verified = verified;
            this.authorities = expectations.authorities().stream().map(AuthorityExpectations::authority).toList();
            for (ProbeResult r : probes) {
                probeOf.put(r.authority().key(), r);
                if (!r.addresses().isEmpty()) {
                    names.put(r.authority().host(), r.addresses());
                }
            }
            boolean sharing = expectations.authorities().stream()
                    .anyMatch(a -> a.expectations().stream().anyMatch(e -> e instanceof Expectation.MustNotShareWith));
            this.predictions = sharing ? new Predictor().predict(probes, PredictionInput.defaults(),
                    EnumSet.allOf(ClientPolicy.class)) : List.of();
        }

        CheckResult evaluate(AuthorityExpectations ae, Expectation e) throws InterruptedException {
            Authority a = ae.authority();
            ProbeResult probe = probeOf.get(a.key());
            long start = System.nanoTime();
            Verdict v;
            if (e instanceof Expectation.Covered) {
                v = covered(a, probe);
            } else if (e instanceof Expectation.MinTls m) {
                v = minTls(probe, m);
            } else if (e instanceof Expectation.CertValidDays d) {
                v = validDays(probe, d);
            } else if (e instanceof Expectation.ExpectStatus s) {
                v = status(a, s);
            } else if (e instanceof Expectation.SniHostParity) {
                v = parity(a, probe);
            } else if (e instanceof Expectation.NoMisdirectedWhenCoalesced n) {
                v = verified.isPresent() ? measured(a, verified.get(), n) : coalesced(a, probe, n);
            } else if (e instanceof Expectation.NoMisroute) {
                v = verified.map(r -> measured(a, r, null)).orElseGet(() -> {
                    Verdict none = new Verdict();
                    none.fail("verify", "not measured: no-misroute is judged by verifying the pairs");
                    return none.conclude("");
                });
            } else {
                v = sharing(a, (Expectation.MustNotShareWith) e);
            }
            return new CheckResult(a.key(), ae.line(), e.id(), e.describe(), v.passed, v.reason, v.facts,
                    Duration.ofNanos(System.nanoTime() - start));
        }

        private Verdict covered(Authority a, ProbeResult probe) {
            Verdict v = new Verdict();
            if (!reached(probe, v)) {
                return v;
            }
            for (Handshake h : probe.handshakes()) {
                String ep = h.endpoint().toString();
                Optional<CertificateInfo> leaf = h.leaf();
                if (!h.completed() || leaf.isEmpty()) {
                    v.fail(ep, "no handshake: " + h.message());
                    continue;
                }
                NameMatch m = HostnameMatcher.match(a.host(), leaf.get());
                String sans = sans(leaf.get());
                if (m.covered()) {
                    v.ok(ep, "covered by " + m.matchedSan().orElse(sans));
                } else {
                    v.fail(ep, "serves [" + sans + "], which does not cover " + a.host() + ": " + m.reason());
                }
            }
            return v.conclude(v.facts.entrySet().stream().map(x -> x.getKey() + " " + x.getValue())
                    .collect(Collectors.joining(", ")));
        }

        /** Judged by the versions each address accepts (the settings pass), not the one it negotiates. */
        private Verdict minTls(ProbeResult probe, Expectation.MinTls m) {
            Verdict v = new Verdict();
            if (!reached(probe, v)) {
                return v;
            }
            int min = TLS_ORDER.indexOf(m.version());
            for (Handshake h : probe.handshakes()) {
                String ep = h.endpoint().toString();
                if (h.tlsSettings().isEmpty()) {
                    v.fail(ep, "the accepted versions are not known: " + h.message());
                    continue;
                }
                TlsSettings t = h.tlsSettings().get();
                String accepted = String.join(" + ", t.acceptedVersions());
                if (t.oldestAccepted().isEmpty()) {
                    v.fail(ep, "accepts none of " + String.join(", ", t.testedVersions()) + ": " + h.message());
                } else if (TLS_ORDER.indexOf(t.oldestAccepted().get()) >= min) {
                    v.ok(ep, "accepts " + accepted);
                } else {
                    v.fail(ep, "accepts " + accepted + ": " + t.oldestAccepted().get() + " is older than " + m.version());
                }
            }
            return v.conclude(String.join(", ", v.facts.values().stream().distinct().toList()));
        }

        private Verdict validDays(ProbeResult probe, Expectation.CertValidDays d) {
            Verdict v = new Verdict();
            if (!reached(probe, v)) {
                return v;
            }
            Instant now = clock.instant();
            Instant needed = now.plus(Duration.ofDays(d.days()));
            for (Handshake h : probe.handshakes()) {
                String ep = h.endpoint().toString();
                Optional<CertificateInfo> leaf = h.leaf();
                if (!h.completed() || leaf.isEmpty()) {
                    v.fail(ep, "no handshake: " + h.message());
                    continue;
                }
                Instant notAfter = leaf.get().notAfter();
                long left = Duration.between(now, notAfter).toDays();
                String fact = "valid until " + notAfter + " (" + left + plural(left, " day", " days") + " left)";
                if (!notAfter.isBefore(needed)) {
                    v.ok(ep, fact);
                } else {
                    v.fail(ep, fact + ", fewer than " + d.days());
                }
            }
            return v.conclude(String.join("; ", v.facts.values()));
        }

        private Verdict status(Authority a, Expectation.ExpectStatus s) throws InterruptedException {
            Verdict v = new Verdict();
            String host = a.hostOverride().map(HostPort::hostOf).orElse(a.host());
            String url = "https://" + HostPort.bracketed(host) + ":" + a.port() + a.path();
            Map<String, String> sni = new LinkedHashMap<>();
            Map<String, List<String>> own = new LinkedHashMap<>();
            if (a.hostOverride().isPresent() || a.sniOverride().isPresent()) {
                // the URL carries the Host; the connection goes to this authority's addresses with its SNI
                sni.put(RequestKey.of(URI.create(url)), a.effectiveSni().orElse(a.host()));
                ProbeResult probe = probeOf.get(a.key());
                if (probe != null && !probe.addresses().isEmpty()) {
                    own.put(host, probe.addresses());
                }
            }
            ReplayRun run = run(ConnectionPolicy.ISOLATED, List.of(ReplayPlan.Step.get(url)), sni, own);
            StepOutcome o = run.steps().get(0);
            String seen = describe(o);
            if (o.finalStatus() == s.status()) {
                v.ok("GET " + url, seen);
                return v.conclude("GET " + a.path() + " answered " + o.finalStatus());
            }
            v.fail("GET " + url, seen);
            return v.conclude("");
        }

        private Verdict parity(Authority a, ProbeResult probe) throws InterruptedException {
            Verdict v = new Verdict();
            if (probe.addresses().isEmpty()) {
                v.fail("DNS", probe.dnsError().orElse("no address"));
                return v.conclude("");
            }
            String url = a.origin() + a.path();
            List<ReplayPlan.Step> steps = probe.addresses().stream().map(ip -> ReplayPlan.Step.get(url).pinnedTo(ip))
                    .toList();
            ReplayRun run = run(ConnectionPolicy.ISOLATED, steps, Map.of(), Map.of());
            for (int i = 0; i < run.steps().size(); i++) {
                StepOutcome o = run.steps().get(i);
                String ep = HostPort.bracketed(probe.addresses().get(i)) + ":" + a.port();
                if (o.finalStatus() == 421) {
                    v.fail(ep, "421 with SNI and Host " + a.host());
                } else if (o.finalStatus() == 0) {
                    v.fail(ep, "no response: " + o.error().orElse("unknown reason"));
                } else {
                    v.ok(ep, String.valueOf(o.finalStatus()));
                }
            }
            return v.conclude("SNI = Host = " + a.host() + " answered on every address ("
                    + v.facts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")");
        }

        private Verdict coalesced(Authority a, ProbeResult probe, Expectation.NoMisdirectedWhenCoalesced n)
                throws InterruptedException {
            Verdict v = new Verdict();
            List<String> partners = new ArrayList<>();
            int noResponse = 0;
            for (ConnectionPolicy policy : n.policies()) {
                for (Authority other : authorities) {
                    ProbeResult op = probeOf.get(other.key());
                    if (other.key().equals(a.key()) || other.port() != a.port() || op == null) {
                        continue;
                    }
                    List<String> shared = probe.addresses().stream().filter(op.addresses()::contains).toList();
                    for (String ip : shared) {
                        if (!partners.contains(other.key())) {
                            partners.add(other.key());
                        }
                        ReplayRun run = run(policy, List.of(
                                ReplayPlan.Step.get(other.origin() + other.path()).pinnedTo(ip),
                                ReplayPlan.Step.get(a.origin() + a.path()).pinnedTo(ip)), Map.of(), Map.of());
                        String label = policy.id() + " after " + other.key() + " on " + HostPort.bracketed(ip);
                        StepOutcome mine = run.steps().get(run.steps().size() - 1);
                        Optional<AttemptRecord> misdirected = mine.attempts().stream().filter(x -> x.status() == 421)
                                .findFirst();
                        if (misdirected.isPresent()) {
                            AttemptRecord x = misdirected.get();
                            v.fail(label, "421: sent on the connection with SNI " + x.sni().orElse("(none)")
                                    + " and Host " + x.authority());
                        } else if (mine.finalStatus() == 0) {
                            noResponse++;
                            v.ok(label, "no response: " + mine.error().orElse("unknown reason"));
                        } else {
                            v.ok(label, String.valueOf(mine.finalStatus()));
                        }
                    }
                }
            }
            if (partners.isEmpty()) {
                v.facts.put("shared addresses", "none");
                return v.conclude("no other authority of the file shares an address with it, so no pool can put its"
                        + " requests on another's connection");
            }
            return v.conclude("no 421 after " + String.join(", ", partners) + " on a shared address under "
                    + n.policies().stream().map(ConnectionPolicy::id).collect(Collectors.joining(" and "))
                    + (noResponse > 0 ? " (" + noResponse + plural(noResponse, " request", " requests")
                    + " got no response at all; see covered and sni-host-parity)" : ""));
        }

        /**
         * The authority's request as {@code verify} measured it on every other authority's connection: with
         * {@code coalesced} null, any misrouted (or untested) pair fails no-misroute; otherwise a 421 fails
         * no-421-when-coalesced for the pairs the expectation's policies would share.
         */
        private Verdict measured(Authority a, VerifyRun run, Expectation.NoMisdirectedWhenCoalesced coalesced) {
            Verdict v = new Verdict();
            List<PairVerification> mine = run.pairs().stream().filter(p -> p.passenger().equals(a.key()))
                    .filter(p -> coalesced == null || coalescedUnder(p, coalesced.policies())).toList();
            for (PairVerification p : mine) {
                String label = "on " + p.carrier() + "'s connection @" + HostPort.bracketed(p.address());
                boolean bad = coalesced == null
                        ? p.verdict() == PairVerdict.MISROUTED || p.verdict() == PairVerdict.UNTESTED
                        : p.verdict() == PairVerdict.REFUSED_421 || p.verdict() == PairVerdict.UNTESTED;
                String fact = p.verdict().id() + (p.differences().isEmpty() ? "" : ": " + String.join("; ", p.differences()))
                        + (p.verdict() == PairVerdict.UNTESTED ? ": " + p.reason() : "");
                if (bad) {
                    v.fail(label, fact);
                } else {
                    v.ok(label, fact);
                }
            }
            if (mine.isEmpty()) {
                v.facts.put("verified pairs", "none");
                return v.conclude("no other authority of the file shares an address with it (verify found no pair)");
            }
            return v.conclude("measured on " + mine.size() + plural(mine.size(), " other connection", " other connections")
                    + ": " + (coalesced == null ? "never misrouted" : "never 421"));
        }

        /** Whether a client of these replay policies would put the pair's passenger on its carrier's connection. */
        private static boolean coalescedUnder(PairVerification p, List<ConnectionPolicy> policies) {
            // an IP-keyed pool shares every pair on an address; real clients only those the predictor says they share
            return policies.contains(ConnectionPolicy.IP_KEYED)
                    || p.coalescedBy().stream().anyMatch(c -> !c.equals("ip-keyed") && !c.equals("isolated"));
        }

        private Verdict sharing(Authority a, Expectation.MustNotShareWith m) {
            Verdict v = new Verdict();
            for (ClientPolicy client : m.clients()) {
                Optional<CoalescingPrediction> p = predictions.stream().filter(x -> x.policy().equals(client.id()))
                        .findFirst();
                if (p.isEmpty()) {
                    continue;
                }
                for (String other : m.others()) {
                    for (PairDecision d : p.get().pairs()) {
                        boolean pair = (d.first().equals(a.key()) && d.second().equals(other))
                                || (d.first().equals(other) && d.second().equals(a.key()));
                        if (!pair) {
                            continue;
                        }
                        String label = client.id() + ": " + d.second() + " on " + d.first() + "'s connection";
                        if (d.shared()) {
                            String risk = "421 risk " + d.risk().name().toLowerCase(java.util.Locale.ROOT);
                            v.fail(label, "shared (" + risk + "): " + d.rule()
                                    + (d.riskReason().isEmpty() ? "" : "; " + d.riskReason()),
                                    p.get().client() + " would send " + d.second() + "'s requests on " + d.first()
                                            + "'s connection (" + risk + ")");
                        } else {
                            v.ok(label, "not shared: " + d.rule());
                        }
                    }
                }
            }
            return v.conclude("none of " + m.clients().size() + plural(m.clients().size(), " client", " clients")
                    + " would share a connection with " + String.join(", ", m.others()));
        }

        private ReplayRun run(ConnectionPolicy policy, List<ReplayPlan.Step> steps, Map<String, String> sni,
                              Map<String, List<String>> moreNames) throws InterruptedException {
            ClientOptions c = replay.client().withPolicy(policy).withRetry421(false).withNames(names)
                    .withNames(moreNames).withSniOverrides(sni);
            ReplayRun run = engine.run(new ReplayPlan(steps), replay.withClient(c), ReplayProgress.none());
            runs.add(run);
            return run;
        }

        private static boolean reached(ProbeResult probe, Verdict v) {
            if (probe.dnsError().isPresent() || probe.handshakes().isEmpty()) {
                v.fail("DNS", probe.dnsError().orElse("no address"));
                return false;
            }
            return true;
        }
    }

    /** Collects facts and problems of one expectation. */
    private static final class Verdict {
        final Map<String, String> facts = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        boolean passed;
        String reason = "";

        void ok(String key, String fact) {
            facts.put(key, oneLine(fact));
        }

        void fail(String key, String fact) {
            fail(key, fact, key + ": " + fact);
        }

        /** A failure whose reason is shorter than the fact kept for reports. */
        void fail(String key, String fact, String problem) {
            facts.put(key, oneLine(fact));
            problems.add(oneLine(problem));
        }

        /** Results are read line by line (text, JUnit messages): exception texts spanning lines are joined. */
        private static String oneLine(String s) {
            return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        }

        Verdict conclude(String whenPassed) {
            passed = problems.isEmpty();
            reason = passed ? whenPassed : String.join("; ", problems);
            return this;
        }
    }

    private static String describe(StepOutcome o) {
        if (o.finalStatus() == 0) {
            return "no response: " + o.error().orElse("unknown reason");
        }
        return String.valueOf(o.finalStatus());
    }

    private static Finding finding(CheckResult r) {
        FindingCause cause = switch (r.expectation()) {
            case Expectation.Covered.ID -> FindingCause.NAME_NOT_COVERED;
            case Expectation.CertValidDays.ID -> FindingCause.CERT_VALIDITY;
            case Expectation.SniHostParity.ID, Expectation.NoMisdirectedWhenCoalesced.ID ->
                    FindingCause.MISDIRECTED_REQUEST;
            case Expectation.MustNotShareWith.ID -> FindingCause.COALESCING_PREDICTED;
            case Expectation.NoMisroute.ID -> FindingCause.MISROUTED;
            default -> FindingCause.OTHER;
        };
        return new Finding(cause, Severity.PROBLEM, "Expectation failed for " + r.authority() + ": " + r.expectation(),
                r.reason(), "The expectations file requires that " + r.description() + ".",
                fixFor(r.expectation()), List.of(r.authority()));
    }

    private static String fixFor(String expectation) {
        return switch (expectation) {
            case Expectation.Covered.ID -> "Serve a certificate whose subjectAltNames cover the name on every node.";
            case Expectation.SniHostParity.ID -> "Make every node serve the name (vhost map, routing) for its own SNI.";
            case Expectation.NoMisdirectedWhenCoalesced.ID -> "Give names the origin refuses to mix their own"
                    + " certificates or IPs, or make the origin answer them on a shared connection.";
            case Expectation.MustNotShareWith.ID -> "Separate the certificates (or IPs) of the names that must not"
                    + " share a connection.";
            case Expectation.CertValidDays.ID -> "Renew the certificate.";
            case Expectation.MinTls.ID -> "Enable the required TLS version on every node.";
            case Expectation.NoMisroute.ID -> "Make every server behind the shared address either serve the name or"
                    + " answer 421 for it (a strict SNI/Host check), or give the names their own certificates so no"
                    + " client shares the connection.";
            default -> "Make the origin answer as expected.";
        };
    }

    static boolean anyReachable(List<ProbeResult> results) {
        return results.stream().flatMap(r -> r.handshakes().stream()).anyMatch(h -> switch (h.status()) {
            case OK, RESET, TLS_TIMEOUT, TLS_FAILED -> true;
            case REFUSED, CONNECT_TIMEOUT, ERROR, CANCELLED -> false;
        });
    }

    private static String firstProblem(List<ProbeResult> probes) {
        for (ProbeResult r : probes) {
            if (r.dnsError().isPresent()) {
                return " (" + r.authority().key() + ": " + r.dnsError().get() + ")";
            }
            for (Handshake h : r.handshakes()) {
                return " (" + r.authority().key() + " " + h.endpoint() + ": " + h.message() + ")";
            }
        }
        return "";
    }

    private static String sans(CertificateInfo c) {
        List<String> all = new ArrayList<>(c.dnsNames());
        all.addAll(c.ipAddresses());
        return all.isEmpty() ? "no subjectAltName" : String.join(", ", all);
    }

    private static String plural(long n, String one, String many) {
        return n == 1 ? one : many;
    }

    /** The authority key the replay client derives from a request URL. */
    private static final class RequestKey {
        static String of(URI url) {
            String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
            return host + ":" + (url.getPort() == -1 ? 443 : url.getPort());
        }
    }
}
