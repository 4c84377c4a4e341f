package dev.misdirect.cli;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.session.VerifyPlan;

import java.io.PrintWriter;
import java.util.Locale;

/** Text form of a verification: one block per pair, worst verdict first, then the counts; and of a dry run. */
final class VerifyText {
    private VerifyText() {
    }

    static void print(PrintWriter out, VerifyRun run, VerifyPlan plan) {
        out.println("verify " + run.method() + " " + run.path() + ": " + run.pairs().size() + " "
                + (run.pairs().size() == 1 ? "pair" : "pairs") + ", " + run.requestsSent() + " requests sent (budget "
                + run.budget() + ")" + String.format(Locale.ROOT, " in %.2f s", run.micros() / 1e6)
                + (run.cancelled() ? ", cancelled" : ""));
        plan.notes().forEach(n -> out.println("  note: " + n));
        if (run.pairs().isEmpty()) {
            out.println("no two authorities share an address (and no client would coalesce any): nothing to verify");
        }
        for (PairVerification p : run.pairs()) {
            out.println();
            out.println(icon(p.verdict()) + " " + p.verdict().id() + "  " + p.passenger() + " on " + p.carrier()
                    + "'s connection @" + p.address());
            out.println("    " + p.reason());
            p.carried().ifPresent(c -> out.println("    on " + p.carrier() + "'s connection: " + answer(c)));
            if (!p.own().isEmpty()) {
                out.println("    on its own connection: " + answer(p.own().get(0)));
            }
            if (!p.coalescedBy().isEmpty()) {
                out.println("    coalesced by: " + String.join(", ", p.coalescedBy()));
            }
        }
        out.println();
        out.println(run.count(PairVerdict.MISROUTED) + " misrouted, " + run.count(PairVerdict.REFUSED_421)
                + " refused-421, " + run.count(PairVerdict.UNTESTED) + " untested, " + run.count(PairVerdict.SHARED_OK)
                + " shared-ok");
    }

    /** What a dry run would send, nothing sent. */
    static void printPlan(PrintWriter out, VerifyPlan plan, String method, String path, int budget) {
        out.println("dry run, nothing sent: " + plan.pairs().size() + " pairs, " + plan.requests().size()
                + " requests (budget " + budget + ")");
        plan.notes().forEach(n -> out.println("  note: " + n));
        for (VerifyPlan.Request r : plan.requests()) {
            out.println("  " + method + " https://" + r.sni() + portSuffix(r.port()) + path + "  :authority "
                    + r.authority() + "  @" + r.address() + "  (" + purpose(r.purpose()) + ")");
        }
        for (VerifyPlan.Pair p : plan.overBudget()) {
            out.println("  over budget, untested: " + p.passenger().key() + " on " + p.carrier().key() + "'s connection @"
                    + p.address());
        }
    }

    private static String portSuffix(int port) {
        return port == 443 ? "" : ":" + port;
    }

    private static String purpose(VerifyPlan.Purpose p) {
        return switch (p) {
            case OWN_FIRST -> "its own connection, opens it";
            case OWN_SECOND -> "its own connection, again: what varies";
            case CARRIED -> "carried on another authority's connection";
        };
    }

    private static String answer(dev.misdirect.core.model.PairAnswer a) {
        if (!a.answered()) {
            return "no answer (" + a.error().orElse("unknown") + ")";
        }
        return a.status() + a.protocol().map(p -> " over " + p).orElse("")
                + (a.bodyBytes() >= 0 ? ", " + a.bodyBytes() + " body bytes" : "")
                + a.bodySha256().map(d -> ", sha256 " + d.substring(0, Math.min(12, d.length()))).orElse("");
    }

    private static String icon(PairVerdict v) {
        return switch (v) {
            case SHARED_OK -> "✔";
            case REFUSED_421 -> "⚠";
            case MISROUTED -> "✘";
            case UNTESTED -> "?";
        };
    }
}
