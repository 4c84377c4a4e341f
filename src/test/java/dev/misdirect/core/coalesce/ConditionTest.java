package dev.misdirect.core.coalesce;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A condition marked {@link Condition#samePerClient} is checked once per pair for every client of a prediction
 * ({@link Checks}), so what it says must not depend on which client asks.
 */
class ConditionTest {

    @ParameterizedTest
    @EnumSource(ClientPolicyRulesTest.Scenario.class)
    void a_condition_marked_same_per_client_says_the_same_whichever_client_asks(ClientPolicyRulesTest.Scenario s) {
        var byNames = new HashMap<List<List<String>>, java.util.Map<String, dev.misdirect.core.names.NameMatch>>();
        List<AuthorityFacts> facts = new ArrayList<>();
        s.results().forEach(r -> facts.add(AuthorityFacts.of(r, facts.size(), byNames)));
        PredictionInput in = s.input();
        int compared = 0;
        for (Condition c : Condition.values()) {
            if (!c.samePerClient()) {
                continue;
            }
            for (AuthorityFacts a : facts) {
                for (AuthorityFacts b : facts) {
                    // conditions after the first may assume A has a connection
                    if (a == b || (c != Condition.CONNECTION_EXISTS && a.connection().isEmpty())) {
                        continue;
                    }
                    Condition.Check first = c.check(a, b, in, ClientPolicy.values()[0]);
                    for (ClientPolicy p : ClientPolicy.values()) {
                        assertThat(c.check(a, b, in, p)).as("%s for %s on %s's connection, asked by %s", c,
                                b.key(), a.key(), p.id()).isEqualTo(first);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isPositive();
    }
}
