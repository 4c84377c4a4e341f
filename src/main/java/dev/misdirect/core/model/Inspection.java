package dev.misdirect.core.model;

import java.util.List;

/**
 * The analysed view of a probe: results, SAN coverage, address overlaps and findings.
 */
public record Inspection(List<ProbeResult> results, CoverageMatrix coverage, List<OverlapGroup> overlaps,
                         List<Finding> findings) {
    public Inspection {
        results = List.copyOf(results);
        overlaps = List.copyOf(overlaps);
        findings = List.copyOf(findings);
    }
}
