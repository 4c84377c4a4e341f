package dev.misdirect.cli;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.PairDecision;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The text form of coalescing predictions: one block per client, then the findings. */
final class PredictionText {
    private PredictionText() {
    }

    static void print(PrintWriter out, List<CoalescingPrediction> predictions, List<Finding> findings) {
        for (CoalescingPrediction p : predictions) {
            out.println(p.client() + " [" + p.policy() + "]");
            if (p.groups().isEmpty()) {
                out.println("  shares no connection between these authorities");
            }
            for (List<String> g : p.groups()) {
                out.println("  one connection: " + String.join(" + ", g.stream().map(PredictionText::show).toList()));
            }
            for (PairDecision d : p.pairs()) {
                String head = "  " + show(d.second()) + " on " + show(d.first()) + "'s connection: ";
                if (d.shared()) {
                    out.println(head + "SHARED, " + d.measured().map(v -> "measured " + v.id().toUpperCase(Locale.ROOT))
                            .orElse("421 risk " + d.risk()));
                    out.println("      " + d.rule().substring("shared: ".length()));
                    out.println("      risk: " + d.riskReason());
                } else if (d.rule().startsWith("not predicted: ")) {
                    out.println(head + "unknown");
                    out.println("      " + d.rule().substring("not predicted: ".length()));
                } else {
                    out.println(head + "refused");
                    out.println("      " + (d.rule().startsWith("refused: ") ? d.rule().substring("refused: ".length()) : d.rule()));
                }
            }
            out.println("  on 421: " + p.onMisdirected());
            out.println();
        }
        if (findings.isEmpty()) {
            out.println("No client shares a connection between these authorities.");
            return;
        }
        out.println("Findings");
        for (Finding f : findings) {
            out.println("  [" + f.severity() + "] " + f.title());
            out.println("      Cause: " + f.explanation());
            out.println("      Fix: " + f.fix());
        }
    }

    private static String show(String key) {
        return key.endsWith(":443") ? key.substring(0, key.length() - 4) : key;
    }
}
