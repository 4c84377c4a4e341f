package dev.misdirect.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A troubleshooting session: the authority set and everything learned about it. Saved as a versioned JSON
 * document (see docs/session-format.md); derived views (SAN matrix, overlap groups) are recomputed from the
 * probe results rather than stored.
 *
 * @param formatVersion the document format version ({@link #FORMAT_VERSION} when written by this build)
 * @param title         what the user called it
 * @param createdAt     when it was created
 * @param authoritySet  the authorities (with refused lines and notes)
 * @param labScenario   the lab scenario it was loaded from, when any
 * @param probes        probe results, one per authority, from the latest probe
 * @param predictions   coalescing predictions per client policy, from the latest probe
 * @param replays       replay runs, oldest first
 * @param findings      findings of the probe and prediction (replays carry their own)
 * @param notes         the user's free-text notes
 * @param verifications verifications of the shared pairs, oldest first (absent from older documents: empty)
 * @param vantage       where the probes ran (absent from older documents and from merged sessions: empty)
 * @param vantages      a merged session's vantages, each with what it saw (empty unless merged)
 */
public record Session(int formatVersion, String title, Instant createdAt, AuthoritySet authoritySet,
                      Optional<String> labScenario, List<ProbeResult> probes, List<CoalescingPrediction> predictions,
                      List<ReplayRun> replays, List<Finding> findings, String notes, List<VerifyRun> verifications,
                      Optional<Vantage> vantage, List<VantageRecord> vantages) {

    /** The format version this build writes. */
    public static final int FORMAT_VERSION = 1;

    public Session {
        probes = List.copyOf(probes);
        predictions = List.copyOf(predictions);
        replays = List.copyOf(replays);
        findings = List.copyOf(findings);
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
        vantage = vantage == null ? Optional.empty() : vantage;
        vantages = vantages == null ? List.of() : List.copyOf(vantages);
    }

    /** A session without vantage facts (a document written before they were recorded). */
    public Session(int formatVersion, String title, Instant createdAt, AuthoritySet authoritySet,
                   Optional<String> labScenario, List<ProbeResult> probes, List<CoalescingPrediction> predictions,
                   List<ReplayRun> replays, List<Finding> findings, String notes, List<VerifyRun> verifications) {
        this(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, replays, findings, notes,
                verifications, Optional.empty(), List.of());
    }

    /** A new, empty session for this authority set. */
    public static Session of(String title, AuthoritySet set, Instant now) {
        return new Session(FORMAT_VERSION, title, now, set, Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), "", List.of());
    }

    public Session withAuthoritySet(AuthoritySet set) {
        return new Session(formatVersion, title, createdAt, set, labScenario, probes, predictions, replays, findings, notes, verifications, vantage, vantages);
    }

    public Session withLabScenario(Optional<String> scenario) {
        return new Session(formatVersion, title, createdAt, authoritySet, scenario, probes, predictions, replays, findings, notes, verifications, vantage, vantages);
    }

    public Session withProbes(List<ProbeResult> results, List<Finding> probeFindings) {
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, results, predictions, replays,
                probeFindings, notes, verifications, vantage, vantages);
    }

    public Session withPredictions(List<CoalescingPrediction> list) {
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, list, replays, findings, notes, verifications, vantage, vantages);
    }

    public Session withReplay(ReplayRun run) {
        List<ReplayRun> all = new java.util.ArrayList<>(replays);
        all.add(run);
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, all, findings, notes, verifications, vantage, vantages);
    }

    public Session withVerification(VerifyRun run) {
        List<VerifyRun> all = new java.util.ArrayList<>(verifications);
        all.add(run);
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, replays,
                findings, notes, all, vantage, vantages);
    }

    /** This session with its latest replay run replaced by {@code run} (added when there is none). */
    public Session withLatestReplay(ReplayRun run) {
        List<ReplayRun> all = new java.util.ArrayList<>(replays);
        if (!all.isEmpty()) {
            all.remove(all.size() - 1);
        }
        all.add(run);
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, all, findings, notes,
                verifications, vantage, vantages);
    }

    public Session withNotes(String text) {
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, replays, findings, text, verifications, vantage, vantages);
    }

    /** This session with where its probes ran. */
    public Session withVantage(Optional<Vantage> v) {
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, replays, findings, notes,
                verifications, v, vantages);
    }

    /** This session with a merged session's vantages. */
    public Session withVantages(List<VantageRecord> list) {
        return new Session(formatVersion, title, createdAt, authoritySet, labScenario, probes, predictions, replays, findings, notes,
                verifications, vantage, list);
    }

    /** True for a session merged from more than one vantage. */
    public boolean merged() {
        return vantages.size() > 1;
    }

    public Session withTitle(String text) {
        return new Session(formatVersion, text, createdAt, authoritySet, labScenario, probes, predictions, replays, findings, notes, verifications, vantage, vantages);
    }
}
