package dev.misdirect.ui.coalescing;

import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;

/**
 * One ordered pair of a prediction, in words.
 *
 * @param decision "⇄ shared" or "✘ separate"
 * @param risk     icon and word ("⚠ likely 421")
 */
public record PairRow(String first, String second, String decision, String rule, String risk, String riskReason,
                      MisdirectRisk level, PairDecision source) {

    static PairRow of(PairDecision d) {
        return new PairRow(d.first(), d.second(), d.shared() ? "⇄ shared" : "✘ separate", d.rule(), riskText(d),
                d.riskReason(), d.shared() ? d.risk() : MisdirectRisk.NONE, d);
    }

    static String riskText(PairDecision d) {
        if (!d.shared()) {
            return "– none";
        }
        return switch (d.risk()) {
            case NONE -> "✔ no 421 expected";
            case POSSIBLE -> "⚠ possible 421";
            case LIKELY -> "✘ likely 421";
        };
    }
}
