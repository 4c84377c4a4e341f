package dev.misdirect.cli;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VantageRecord;
import dev.misdirect.core.vantage.VantageMatrix;

import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The text of {@code misdirect merge}: the vantages, the vantage × authority matrix, and the differences. */
final class MergeText {
    private MergeText() {
    }

    static void print(PrintWriter out, Session merged) {
        List<VantageRecord> vantages = merged.vantages();
        out.println(vantages.size() + " vantages, " + merged.authoritySet().authorities().size() + " authorities");
        int width = vantages.stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (VantageRecord v : vantages) {
            Vantage at = v.vantage();
            out.println("  " + pad(v.name(), width) + "  host " + at.host() + " · resolver " + at.resolver()
                    + " · egress " + at.egressText() + " · " + DateTimeFormatter.ISO_INSTANT.format(at.at())
                    + " · from " + v.source());
        }
        VantageMatrix matrix = VantageMatrix.of(vantages);
        for (int row = 0; row < matrix.authorities().size(); row++) {
            out.println();
            out.println(matrix.authorities().get(row));
            for (int col = 0; col < matrix.vantages().size(); col++) {
                VantageMatrix.Cell c = matrix.cells().get(row).get(col);
                out.println("  " + pad(matrix.vantages().get(col), width) + "  " + (c.probed()
                        ? c.addresses() + " · cert " + c.certificate() + " · " + c.verdict()
                        + (c.differs() ? "   ✘ differs: " + c.what() : "")
                        : "not probed"));
            }
        }
        out.println();
        List<Finding> differences = merged.findings();
        if (differences.isEmpty()) {
            out.println("✔ the vantages agree on everything they all measured");
            return;
        }
        out.println(differences.size() + (differences.size() == 1 ? " difference" : " differences") + ":");
        for (Finding f : differences) {
            out.println((f.severity() == Severity.PROBLEM ? "✘ " : f.severity() == Severity.WARNING ? "⚠ " : "ℹ ")
                    + f.title());
            f.details().lines().forEach(l -> out.println("    " + l));
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
