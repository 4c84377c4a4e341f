package dev.misdirect.core.session;

import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a face shows of a use case's result, with the lab's free port taken out (each run of a lab picks its own), so
 * two faces' results on the same scenario compare equal exactly when they found the same things.
 */
public final class SessionDigest {
    private SessionDigest() {
    }

    /** Each finding as "SEVERITY CAUSE title", in order. */
    public static List<String> findings(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.cause() + " " + portless(f.title())).toList();
    }

    /** The probe: each authority's handshake statuses and verdicts, then the findings. */
    public static List<String> inspection(Inspection i) {
        return probe(i.results(), i.findings());
    }

    /** A probe's results and findings, as {@link #inspection} shows them (for a session document's). */
    public static List<String> probe(List<ProbeResult> results, List<Finding> findings) {
        List<String> lines = new java.util.ArrayList<>(results.stream()
                .map(r -> portless(r.authority().key()) + " " + r.handshakes().stream()
                        .map(h -> h.endpoint().address() + "=" + h.status() + "/" + h.verdict()).collect(Collectors.joining(",")))
                .toList());
        lines.addAll(findings(findings));
        return lines;
    }

    /** The replay: policy, each step's attempts (status, hidden) and final status, the 421 count, the findings. */
    public static List<String> replay(ReplayRun run) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("policy " + run.policy() + " retry421 " + run.retry421() + " fixed " + run.fixed()
                + " 421s " + run.misdirectedCount());
        for (StepOutcome s : run.steps()) {
            lines.add(portless(s.authority()) + " " + s.attempts().stream()
                    .map(a -> a.status() + (a.hidden() ? " hidden" : "")).collect(Collectors.joining(",")) + " -> "
                    + s.finalStatus());
        }
        lines.addAll(findings(run.findings()));
        return lines;
    }

    /** The check: each expectation's authority, name and verdict. */
    public static List<String> check(CheckReport report) {
        return report.results().stream().map(r -> portless(r.authority()) + " " + r.expectation() + " "
                + (r.passed() ? "PASS" : "FAIL")).toList();
    }

    private static String portless(String text) {
        return text.replaceAll(":\\d{2,5}\\b", ":PORT");
    }
}
