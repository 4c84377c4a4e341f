package dev.misdirect.ui.common;

import dev.misdirect.core.model.ConnectionPolicy;
import java.util.Objects;

/**
 * One lab scenario for the gallery.
 *
 * @param id              stable identifier ({@code tenants-wildcard})
 * @param title           one line
 * @param narrative       what happens and why
 * @param fix             the fix in words
 * @param diagram         the broken variant's picture
 * @param fixedDiagram    the fixed variant's picture
 * @param reproducePolicy the replay policy that shows the 421 (coalescing, or ip-keyed when only a pool keyed by IP
 *                        gets one)
 * @param tryFix          how "Try the fix" runs
 */
public record LabScenario(String id, String title, String narrative, String fix, LabDiagram diagram,
                          LabDiagram fixedDiagram, ConnectionPolicy reproducePolicy, TryFix tryFix) {
    public LabScenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tryFix, "tryFix");
    }

    /**
     * True when the scenario's problem is a misrouted answer (the wrong server answers b's request: a 404, another
     * site's page) rather than a 421, as its diagram draws it.
     */
    public boolean misroutes() {
        return diagram != null
                && diagram.arrows().stream().anyMatch(a -> a.outcome() == LabDiagram.Outcome.MISROUTED)
                && diagram.arrows().stream().noneMatch(a -> a.outcome() == LabDiagram.Outcome.MISDIRECTED);
    }

    /** The scenario's problem in two words: "the 421" or "the misroute". */
    public String problem() {
        return misroutes() ? "the misroute" : "the 421";
    }

    /**
     * What "Try the fix" runs after the broken run.
     *
     * @param fixedVariant run the scenario's fixed variant (a server-side fix); false: the broken one
     * @param policy       the replay policy of the fixed run (isolated when the fix is per-authority pools)
     * @param explanation  one line: why this is the fix
     */
    public record TryFix(boolean fixedVariant, ConnectionPolicy policy, String explanation) {
    }
}
