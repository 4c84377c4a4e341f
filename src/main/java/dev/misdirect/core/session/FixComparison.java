package dev.misdirect.core.session;

import dev.misdirect.core.model.ReplayRun;

import java.util.Objects;
import java.util.Optional;

/**
 * "Try the fix": the scenario's plan run as broken, then with its fix.
 *
 * @param scenario the lab scenario's id
 * @param playbook how the broken run reproduced the 421 and what the fix was
 * @param before   the broken run (the reproducing policy, the client's 421 retry on)
 * @param after    the run with the fix; empty when the operation was cancelled before it started
 */
public record FixComparison(String scenario, Playbook playbook, ReplayRun before, Optional<ReplayRun> after) {
    public FixComparison {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(playbook, "playbook");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** True when the broken run got a 421 and the fixed run got none. */
    public boolean fixRemoves421() {
        return before.misdirectedCount() > 0 && after.map(a -> a.misdirectedCount() == 0).orElse(false);
    }

    /**
     * True when the broken run showed the problem (a 421 or a misrouted answer) and the fixed run shows neither: the
     * test of a fix for the scenarios that misroute as well as for those that answer 421.
     */
    public boolean fixRemovesTheProblem() {
        return problems(before) > 0 && after.map(a -> problems(a) == 0).orElse(false);
    }

    /** 421s plus misrouted answers of a run. */
    public static long problems(ReplayRun run) {
        return run.misdirectedCount() + run.misroutedCount();
    }

    /** A run's problem in words: "2 × 421", "1 misrouted: 404 from the wrong backend", both, or "no 421, nothing misrouted". */
    public static String problemText(ReplayRun run) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (run.misdirectedCount() > 0) {
            parts.add(run.misdirectedCount() + " × 421");
        }
        run.misrouteSummary().ifPresent(parts::add);
        return parts.isEmpty() ? "no 421, nothing misrouted" : String.join(", ", parts);
    }
}
