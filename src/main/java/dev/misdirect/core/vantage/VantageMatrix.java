package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.model.VantageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The vantage × authority matrix of a merged session: one row per authority, one cell per vantage with the address
 * set, the certificate's short fingerprint and the verdict that vantage measured; a cell is marked when its vantage
 * sees something the largest group of vantages does not. Derived, never stored. Pure.
 *
 * @param vantages    the vantages' names, the columns
 * @param authorities the authority keys, the rows
 * @param cells       {@code cells.get(row).get(column)}
 */
public record VantageMatrix(List<String> vantages, List<String> authorities, List<List<Cell>> cells) {
    public VantageMatrix {
        vantages = List.copyOf(vantages);
        authorities = List.copyOf(authorities);
        cells = cells.stream().map(List::copyOf).toList();
    }

    /**
     * What one vantage saw of one authority.
     *
     * @param probed      false for an authority this vantage did not probe (the other fields then say "not probed")
     * @param addresses   the address set, or why there is none
     * @param certificate the leaf certificates' short fingerprints, "none" when no handshake got one
     * @param verdict     the worst verify verdict as a passenger when the vantage verified it, else the handshakes'
     *                    worst trust verdict
     * @param differs     true when this vantage disagrees with the largest group on any aspect of this authority
     * @param what        the aspects it disagrees on, in words ("certificate, address set")
     */
    public record Cell(boolean probed, String addresses, String certificate, String verdict, boolean differs,
                       String what) {
        /** A cell of an authority the vantage did not probe. */
        static Cell notProbed() {
            return new Cell(false, "not probed", "not probed", "not probed", false, "");
        }
    }

    /** The matrix of these vantages. */
    public static VantageMatrix of(List<VantageRecord> vantages) {
        List<String> authorities = VantageDiff.authorities(vantages);
        List<Difference> differences = VantageDiff.differences(vantages);
        List<List<Cell>> rows = new ArrayList<>();
        for (String authority : authorities) {
            List<Cell> row = new ArrayList<>();
            for (VantageRecord v : vantages) {
                Optional<ProbeResult> probe = v.probe(authority);
                if (probe.isEmpty()) {
                    row.add(Cell.notProbed());
                    continue;
                }
                List<String> what = differences.stream()
                        .filter(d -> d.aspect() == Aspect.VERDICT ? d.authorities().get(1).equals(authority)
                                : d.subject().equals(authority))
                        .filter(d -> d.differs(v.name())).map(d -> d.aspect().words()).distinct().toList();
                row.add(new Cell(true,
                        Measures.addresses(probe.get()).map(Measured::text).orElse("–"),
                        certificates(probe.get()),
                        Measures.worstVerdictAsPassenger(v, authority).map(PairVerdict::id)
                                .orElseGet(() -> trust(probe.get())),
                        !what.isEmpty(), String.join(", ", what)));
            }
            rows.add(row);
        }
        return new VantageMatrix(vantages.stream().map(VantageRecord::name).toList(), authorities, rows);
    }

    private static String certificates(ProbeResult p) {
        List<String> fps = p.handshakes().stream().flatMap(h -> h.leaf().stream())
                .map(c -> Measures.shortFingerprint(c.sha256Fingerprint())).distinct().sorted().toList();
        return fps.isEmpty() ? "none" : String.join(" / ", fps);
    }

    /** The first failed handshake's status, else the first verdict that is a problem, else the first verdict. */
    private static String trust(ProbeResult p) {
        if (p.handshakes().isEmpty()) {
            return p.dnsError().isPresent() ? "DNS failed" : "–";
        }
        Optional<Handshake> failed = p.handshakes().stream().filter(h -> !h.completed()).findFirst();
        if (failed.isPresent()) {
            return words(failed.get().status().name());
        }
        List<TrustVerdict> verdicts = p.handshakes().stream().map(Handshake::verdict).toList();
        return words(verdicts.stream().filter(v -> v != TrustVerdict.TRUSTED && v != TrustVerdict.NOT_CHECKED)
                .findFirst().orElse(verdicts.get(0)).name());
    }

    private static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
