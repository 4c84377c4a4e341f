package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What one vantage saw, in a session merged from several ({@code misdirect merge}).
 *
 * @param name          how the merged session names this vantage: its label, with the host and time added when
 *                      two vantages share a label; unique within the session
 * @param vantage       where it ran
 * @param source        where it came from (the session document's file and title)
 * @param probes        its probe results, one per authority it probed
 * @param verifications its verify runs, oldest first
 * @param replays       its replay runs, oldest first
 */
public record VantageRecord(String name, Vantage vantage, String source, List<ProbeResult> probes,
                            List<VerifyRun> verifications, List<ReplayRun> replays) {
    public VantageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vantage, "vantage");
        Objects.requireNonNull(source, "source");
        probes = probes == null ? List.of() : List.copyOf(probes);
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
        replays = replays == null ? List.of() : List.copyOf(replays);
    }

    /** The probe of the authority with this key, when this vantage probed it. */
    public java.util.Optional<ProbeResult> probe(String authorityKey) {
        return probes.stream().filter(p -> p.authority().key().equals(authorityKey)).findFirst();
    }

    /** The latest verify run, when there is one. */
    public java.util.Optional<VerifyRun> latestVerification() {
        return verifications.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(verifications.get(verifications.size() - 1));
    }
}
