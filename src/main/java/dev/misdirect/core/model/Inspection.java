package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The analysed view of a probe: results, SAN coverage, address overlaps and findings, where the probe ran
 * ({@code vantage}, empty when not known) and, when the clients' view was worked out with it, every known client's
 * coalescing prediction ({@code predictions}, empty otherwise), so that whoever shows them need not predict again.
 */
public record Inspection(List<ProbeResult> results, CoverageMatrix coverage, List<OverlapGroup> overlaps,
                         List<Finding> findings, Optional<Vantage> vantage, List<CoalescingPrediction> predictions) {
    public Inspection {
        results = List.copyOf(results);
        overlaps = List.copyOf(overlaps);
        findings = List.copyOf(findings);
        vantage = vantage == null ? Optional.empty() : vantage;
        predictions = List.copyOf(predictions);
    }

    /** An inspection without the clients' predictions. */
    public Inspection(List<ProbeResult> results, CoverageMatrix coverage, List<OverlapGroup> overlaps,
                      List<Finding> findings, Optional<Vantage> vantage) {
        this(results, coverage, overlaps, findings, vantage, List.of());
    }

    /** An inspection whose vantage is not known (results read from a file, an analysis alone). */
    public Inspection(List<ProbeResult> results, CoverageMatrix coverage, List<OverlapGroup> overlaps,
                      List<Finding> findings) {
        this(results, coverage, overlaps, findings, Optional.empty());
    }

    /** This inspection with where its probe ran. */
    public Inspection withVantage(Optional<Vantage> v) {
        return new Inspection(results, coverage, overlaps, findings, v, predictions);
    }
}
