package dev.misdirect.core.io;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;

/**
 * What an import produced, whatever the file was.
 *
 * @param kind         what was read
 * @param source       the file name (or "curl command") the result came from
 * @param capturedAt   wall-clock time of the first event shown, when the file says
 * @param authorities  the authorities the captured requests were for, with the addresses they were seen on as
 *                     {@code resolve} overrides
 * @param events       timeline events, in the same form a replay records them (microseconds from the first
 *                     event shown)
 * @param findings     what the capture shows, in plain language, and what it cannot show
 *                     ({@link dev.misdirect.core.model.FindingCause#IMPORT_LIMITATION})
 * @param certificates distinct leaf certificates the capture contains, for the SAN matrix
 * @param limitations  one sentence per thing the file could not tell or that was skipped
 * @param planText     the captured requests as a replay plan ({@code GET https://a.lab.test/ ; GET ...}), one step
 *                     per request, {@code @ADDR} after a step when the capture names the address; empty when
 *                     the file held no request
 * @param connectionsUnknown why the file cannot tell which connection carried which request (a HAR without
 *                     connection ids), when it cannot: its lanes are then one per name, not connections
 * @param retriedMisdirectedUnknown why the file cannot show a 421 that the client retried by itself (any browser
 *                     HAR), when it cannot
 */
public record ImportResult(ImportKind kind, String source, Optional<Instant> capturedAt, AuthoritySet authorities,
                           List<TimelineEvent> events, List<Finding> findings, List<CertificateInfo> certificates,
                           List<String> limitations, String planText, Optional<String> connectionsUnknown,
                           Optional<String> retriedMisdirectedUnknown) {
    public ImportResult {
        Objects.requireNonNull(connectionsUnknown, "connectionsUnknown");
        Objects.requireNonNull(retriedMisdirectedUnknown, "retriedMisdirectedUnknown");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(authorities, "authorities");
        Objects.requireNonNull(planText, "planText");
        events = List.copyOf(events);
        findings = List.copyOf(findings);
        certificates = List.copyOf(certificates);
        limitations = List.copyOf(limitations);
    }

    /** A result whose file tells connections and retried 421s (NetLog, session, curl command). */
    public ImportResult(ImportKind kind, String source, Optional<Instant> capturedAt, AuthoritySet authorities,
                        List<TimelineEvent> events, List<Finding> findings, List<CertificateInfo> certificates,
                        List<String> limitations, String planText) {
        this(kind, source, capturedAt, authorities, events, findings, certificates, limitations, planText,
                Optional.empty(), Optional.empty());
    }

    /**
     * This import as a new session: its authorities, what the capture saw of their handshakes as probe results
     * ({@link #observedProbes()}), and the capture as one replay run (policy "coalescing" for a browser capture, the
     * browser's 421 retry on) carrying the events, one step outcome per plan step and every finding. Limitations are
     * kept as findings.
     */
    public Session toSession(String title, Instant now) {
        ConnectionTimeline timeline = timeline();
        Map<Integer, List<ConnectionTimeline.Bar>> bySteps = new TreeMap<>();
        for (ConnectionTimeline.Bar b : timeline.bars()) {
            bySteps.computeIfAbsent(b.step(), k -> new ArrayList<>()).add(b);
        }
        List<StepOutcome> steps = new ArrayList<>();
        for (List<ConnectionTimeline.Bar> attempts : bySteps.values()) {
            ConnectionTimeline.Bar first = attempts.get(0);
            ConnectionTimeline.Bar last = attempts.get(attempts.size() - 1);
            List<AttemptRecord> records = new ArrayList<>();
            for (ConnectionTimeline.Bar b : attempts) {
                Optional<String> sni = timeline.lane(b.connectionId()).flatMap(ConnectionTimeline.Lane::sni);
                records.add(new AttemptRecord(b.exchangeId(), b.connectionId(), sni, b.authority(), b.status(), b.hidden(),
                        b.server()));
            }
            steps.add(new StepOutcome(first.step(), first.method(), "https://" + first.authority() + first.path(),
                    first.authority(), last.status(), records, last.error()));
        }
        List<Finding> all = new ArrayList<>(findings);
        String fix = "Nothing to change on the servers. To see what the " + kind.label() + " cannot show, replay its "
                + "plan here (every connection, 421 and retry is recorded), or capture a Chrome NetLog instead "
                + "(chrome://net-export).";
        retriedMisdirectedUnknown.ifPresent(why -> all.add(new Finding(FindingCause.RETRIED_421_UNSEEN, Severity.INFO,
                "No retried 421 can show in this " + kind.label(), sentence(why),
                "A run from this " + kind.label() + " without a 421 does not prove that none happened.", fix,
                List.of())));
        for (String l : limitations) {
            if (all.stream().noneMatch(f -> f.details().contains(l))) {
                all.add(new Finding(FindingCause.IMPORT_LIMITATION, Severity.INFO, l, l,
                        "What the imported " + kind.label() + " could not tell.", fix, List.of()));
            }
        }
        ReplayRun run = new ReplayRun(planText, ConnectionPolicy.COALESCING, true, false, Optional.empty(), false,
                capturedAt.orElse(now), steps, events, all);
        List<ProbeResult> observed = observedProbes();
        Session s = Session.of(title, authorities, now).withReplay(run);
        return observed.stream().anyMatch(p -> !p.handshakes().isEmpty()) ? s.withProbes(observed, List.of()) : s;
    }

    /**
     * What the capture saw of each authority's TLS, in the form a probe records it: one handshake per connection
     * opened with the authority's host as SNI to its port, with the leaf certificate the capture holds for it
     * (verdict not checked: the capture is not verified here). An authority without a connection of its own
     * (its requests were coalesced, or the file holds no certificates) has none, and its address source says why.
     */
    public List<ProbeResult> observedProbes() {
        ConnectionTimeline t = timeline();
        Map<String, CertificateInfo> bySummary = new java.util.HashMap<>();
        certificates.forEach(c -> bySummary.putIfAbsent(NetLogAssembler.summary(c), c));
        List<ProbeResult> out = new ArrayList<>();
        for (dev.misdirect.core.model.Authority a : authorities.authorities()) {
            List<Handshake> seen = new ArrayList<>();
            for (ConnectionTimeline.Lane l : t.lanes()) {
                Optional<CertificateInfo> leaf = l.peerCertificate().map(bySummary::get);
                if (leaf.isEmpty() || l.peerPort() != a.port() || !l.sni().map(a.host()::equalsIgnoreCase).orElse(false)) {
                    continue;
                }
                Endpoint peer = new Endpoint(l.peerAddress(), l.peerPort());
                if (seen.stream().noneMatch(h -> h.endpoint().equals(peer)
                        && h.leaf().equals(leaf))) {
                    seen.add(new Handshake(a.key(), peer, l.sni(), HandshakeStatus.OK, "seen in the " + kind.label(),
                            l.tlsVersion(), Optional.empty(), Optional.of(l.protocol()), List.of(leaf.get()),
                            TrustVerdict.NOT_CHECKED, "seen in the " + kind.label() + " " + source
                            + "; the chain is not verified here: probe the authority to verify it", List.of(), false,
                            List.of(), Optional.empty(), PhaseTimings.none()));
                }
            }
            out.add(new ProbeResult(a, seen.stream().map(h -> h.endpoint().address()).distinct().toList(),
                    seen.isEmpty() ? "the " + kind.label() + ", which holds no certificate for a connection of its own"
                            : "the " + kind.label(), Optional.empty(), PhaseTimings.NOT_MEASURED, seen));
        }
        return out;
    }

    private static String sentence(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + (s.endsWith(".") ? "" : ".");
    }

    /** The laid-out timeline of {@link #events()}. */
    public ConnectionTimeline timeline() {
        return ConnectionTimeline.of(events);
    }
}
