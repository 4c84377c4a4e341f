package dev.misdirect.cli;

import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.CheckResult;

import java.io.PrintWriter;

/** Text form of a check: one line per authority × expectation, then the summary. */
final class CheckText {
    private CheckText() {
    }

    static void print(PrintWriter out, CheckReport report) {
        out.println("check " + report.source());
        for (CheckResult r : report.results()) {
            out.println((r.passed() ? "✔ " : "✘ ") + r.authority() + "  " + r.description() + " — " + r.reason());
        }
        out.println(report.passedCount() + " passed, " + report.failedCount() + " failed");
    }
}
