package dev.misdirect.ui.coalescing;

import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;

import java.util.Optional;

/**
 * One ordered pair of a prediction, in words.
 *
 * @param decision "⇄ shared" or "✘ separate"
 * @param rule     the deciding rule; "Client: rule" lines when the clients of one row give different reasons
 * @param risk     icon and word: what was measured ("✘ measured misrouted") or the predicted risk ("⚠ possible 421 ·
 *                 predicted")
 * @param measured the verdict {@code verify} measured for a shared pair, when it did
 */
public record PairRow(String first, String second, String decision, String rule, String risk, String riskReason,
                      MisdirectRisk level, Optional<PairVerdict> measured, PairDecision source) {

    /** The row of {@code d}, with the rule and the server's side in the words of the clients of its row. */
    static PairRow of(PairDecision d, String rule, String riskReason) {
        return new PairRow(d.first(), d.second(), d.shared() ? "⇄ shared" : "✘ separate", rule, riskText(d),
                riskReason, d.shared() ? d.risk() : MisdirectRisk.NONE,
                d.shared() ? d.measured() : Optional.empty(), d);
    }

    static String riskText(PairDecision d) {
        if (!d.shared()) {
            return "– none";
        }
        if (d.measured().isPresent()) {
            return switch (d.measured().get()) {
                case SHARED_OK -> "✔ measured shared-ok";
                case REFUSED_421 -> "⚠ measured 421 (refused)";
                case MISROUTED -> "✘ measured misrouted";
                case UNTESTED -> "? measured nothing";
            };
        }
        return switch (d.risk()) {
            case NONE -> "✔ no 421 expected";
            case POSSIBLE -> "⚠ possible 421";
            case LIKELY -> "✘ likely 421";
        } + " · predicted";
    }
}
