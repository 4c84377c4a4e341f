package dev.misdirect.core.coalesce;

import dev.misdirect.core.coalesce.Condition.Check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one prediction call has worked out and every client may reuse: per ordered pair, the outcome of each condition
 * that is the same for every client ({@link Condition#samePerClient}) and the 421 risk (the server's, whichever client
 * sent the request); and one copy of each rule text. A prediction asks 16 clients about every ordered pair (2,450 for
 * 50 names); most of them check the same conditions and write the same rule. Confined to one prediction call and its
 * thread.
 */
final class Checks {
    private final int size;
    private final Check[][] outcomes = new Check[Condition.values().length][];
    private final RiskAssessor.Risk[] risks;
    private final Map<List<String>, String> sharedRules = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    /** For a prediction over {@code size} authorities (their {@link AuthorityFacts#index()} below it). */
    Checks(int size) {
        this.size = size;
        this.risks = new RiskAssessor.Risk[size * size];
    }

    /** The risk of B's request on A's connection, assessed once per pair. */
    RiskAssessor.Risk risk(AuthorityFacts a, AuthorityFacts b, PredictionInput in) {
        int at = a.index() * size + b.index();
        if (risks[at] == null) {
            risks[at] = RiskAssessor.assess(a, b, in);
        }
        return risks[at];
    }

    /** {@code c}'s outcome for B's request on A's connection, checked once per pair when it is the same per client. */
    Check check(Condition c, AuthorityFacts a, AuthorityFacts b, PredictionInput in, ClientPolicy p) {
        if (!c.samePerClient()) {
            return c.check(a, b, in, p);
        }
        Check[] byPair = outcomes[c.ordinal()];
        if (byPair == null) {
            byPair = new Check[size * size];
            outcomes[c.ordinal()] = byPair;
        }
        int at = a.index() * size + b.index();
        Check known = byPair[at];
        if (known == null) {
            known = c.check(a, b, in, p);
            byPair[at] = known;
        }
        return known;
    }

    /** The rule of a shared pair, "shared: " and its clauses; made once for each list of clauses. */
    String sharedRule(List<String> clauses) {
        String rule = sharedRules.get(clauses);
        if (rule == null) {
            rule = "shared: " + joinClauses(clauses);
            sharedRules.put(List.copyOf(clauses), rule);
        }
        return rule;
    }

    /** One copy of {@code text}: rules that read alike for many clients and pairs are kept once. */
    String text(String text) {
        return texts.computeIfAbsent(text, t -> t);
    }

    private static String joinClauses(List<String> clauses) {
        if (clauses.size() == 1) {
            return clauses.get(0);
        }
        return String.join(", ", clauses.subList(0, clauses.size() - 1)) + ", and " + clauses.get(clauses.size() - 1);
    }
}
