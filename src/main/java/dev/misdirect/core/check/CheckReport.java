package dev.misdirect.core.check;

import dev.misdirect.core.model.Session;

import java.util.List;
import java.util.Objects;

/**
 * Everything one check found.
 *
 * @param source  where the expectations came from
 * @param results one result per authority × expectation, in file order
 * @param session the session document: probe results, predictions, the replays that were run, and findings (one
 *                per failed expectation besides those of the probe and prediction)
 */
public record CheckReport(String source, List<CheckResult> results, Session session) {
    public CheckReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(session, "session");
        results = List.copyOf(results);
    }

    public long passedCount() {
        return results.stream().filter(CheckResult::passed).count();
    }

    public long failedCount() {
        return results.size() - passedCount();
    }

    /** True when every expectation held. */
    public boolean allPassed() {
        return results.stream().allMatch(CheckResult::passed);
    }
}
