package dev.misdirect.core.session;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.lab.Scenario;

import java.util.List;
import java.util.Objects;

/**
 * How a lab scenario shows its problem and how its fix is tried, decided from the scenario's own expectations (what
 * its default plan gets under each connection policy), so every face reproduces and fixes a scenario alike. The
 * problem is a 421, or a misrouted answer (another site's page, no route) in the scenarios that never answer 421:
 * reproducing one of those shows the request answered by the wrong server, with no 421 and no retry.
 *
 * @param reproducePolicy the policy that shows the problem: coalescing when a coalescing client gets a 421 or a
 *                        misrouted answer, otherwise the first of ip-keyed, isolated that does (coalescing when none
 *                        does)
 * @param fix             what "try the fix" runs after the broken run
 */
public record Playbook(ConnectionPolicy reproducePolicy, Fix fix) {
    private static final List<ConnectionPolicy> REPRODUCE_ORDER =
            List.of(ConnectionPolicy.COALESCING, ConnectionPolicy.IP_KEYED, ConnectionPolicy.ISOLATED);

    public Playbook {
        Objects.requireNonNull(reproducePolicy, "reproducePolicy");
        Objects.requireNonNull(fix, "fix");
    }

    /**
     * The fixed run.
     *
     * @param fixedVariant run the scenario's fixed variant (a server-side fix); false: the broken one
     * @param policy       the policy of the fixed run (isolated when the fix is one pool per authority)
     * @param explanation  one line: why this is the fix
     */
    public record Fix(boolean fixedVariant, ConnectionPolicy policy, String explanation) {
        public Fix {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * The scenario's playbook. The fix is the one its data supports: its fixed variant when that runs without a 421
     * or a misrouted answer under the reproducing policy (the server-side fix); otherwise one pool per authority on
     * the broken variant when that avoids them; otherwise the fixed variant with one pool per authority.
     */
    public static Playbook of(Scenario s) {
        ConnectionPolicy reproduce = REPRODUCE_ORDER.stream()
                .filter(p -> s.broken().expectation(p).map(e -> !e.clean()).orElse(false))
                .findFirst().orElse(ConnectionPolicy.COALESCING);
        return new Playbook(reproduce, fixFor(s, reproduce));
    }

    /** The fix of {@link #of}, for a scenario reproduced under {@code reproduce}. */
    static Fix fixFor(Scenario s, ConnectionPolicy reproduce) {
        boolean variantClean = s.fixed().expectation(reproduce).map(Scenario.Expectation::clean).orElse(false);
        if (variantClean) {
            return new Fix(true, reproduce, "the fixed servers, same client: " + s.fix());
        }
        boolean isolatedClean = s.broken().expectation(ConnectionPolicy.ISOLATED)
                .map(Scenario.Expectation::clean).orElse(false);
        if (isolatedClean) {
            return new Fix(false, ConnectionPolicy.ISOLATED, "same servers, one connection pool per authority");
        }
        return new Fix(true, ConnectionPolicy.ISOLATED, "the fixed servers with one connection pool per authority");
    }
}
