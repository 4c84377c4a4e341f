package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.names.NameMatch;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Predicts, per client policy, which authorities would share a connection and how likely the origin is to answer 421
 * for each shared pair, from probe results alone.
 *
 * <p><b>Model.</b> The "connection for A" is A's first completed handshake in probe order; its endpoint is the
 * connection's actual peer. Every ordered pair (A, B) is decided: would the client send B's request on A's connection?
 * Groups assume requests are made in authority-set order while earlier connections stay open: each authority reuses the
 * first open connection its client's rules allow, otherwise it opens its own (when its own handshake completed).
 * Connections are assumed direct (no proxy), in one privacy mode and network partition, and not draining; the client
 * is assumed to trust the CA that the probe trusted (lab runs add the lab CA, so their verdict is TRUSTED).
 *
 * <p><b>Contract.</b> Pure: no I/O, no clocks, no shared state; safe to call from any thread concurrently. Runs in
 * O(policies × authorities²). Fails only on invalid arguments ({@link IllegalArgumentException} for two results of
 * the same authority, {@link NullPointerException} for nulls).
 */
public final class Predictor {

    /** A predictor; it holds no state, so one instance may be shared. */
    public Predictor() {
    }

    /**
     * One prediction per policy, in {@link ClientPolicy} declaration order.
     *
     * @param results  probe results, one per authority, in authority-set order
     * @param input    ORIGIN frames, pins and client options
     * @param policies the policies to predict for (empty gives an empty list)
     * @return predictions whose pairs are ordered by (first, second) in authority-set order
     */
    public List<CoalescingPrediction> predict(List<ProbeResult> results, PredictionInput input, Set<ClientPolicy> policies) {
        Objects.requireNonNull(input, "input");
        List<AuthorityFacts> facts = facts(results);
        Set<ClientPolicy> ordered = policies.isEmpty() ? EnumSet.noneOf(ClientPolicy.class) : EnumSet.copyOf(policies);
        List<CoalescingPrediction> out = new ArrayList<>();
        Checks checks = new Checks(facts.size());
        for (ClientPolicy policy : ordered) {
            out.add(predict(policy, facts, input, checks));
        }
        return List.copyOf(out);
    }

    /** {@link #predict(List, PredictionInput, Set)} for every policy with default input. */
    public List<CoalescingPrediction> predictAll(List<ProbeResult> results) {
        return predict(results, PredictionInput.defaults(), EnumSet.allOf(ClientPolicy.class));
    }

    /**
     * Findings for a session: one {@code COALESCING_PREDICTED} finding per pair of authorities that some policy shares,
     * summarising every policy given ("Chromium, Firefox and OkHttp will coalesce b.example onto a.example; curl, Go
     * and Java will not"). Pairs whose findings read the same but for their names make one finding, which shows the
     * first and names the others ("... will coalesce 1225 pairs of these 50 names alike"). Predictions of unknown
     * policy ids are ignored.
     */
    public List<Finding> findings(List<CoalescingPrediction> predictions) {
        return PredictionFindings.of(predictions);
    }

    private static List<AuthorityFacts> facts(List<ProbeResult> results) {
        List<AuthorityFacts> facts = new ArrayList<>();
        Map<List<List<String>>, Map<String, NameMatch>> coverage = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ProbeResult r : results) {
            AuthorityFacts f = AuthorityFacts.of(Objects.requireNonNull(r, "probe result"), facts.size(), coverage);
            if (!seen.add(f.key())) {
                throw new IllegalArgumentException("two probe results for the same authority: " + f.key());
            }
            facts.add(f);
        }
        return facts;
    }

    /** One policy's decisions; {@code checks} holds what the policies before this one found that it may reuse. */
    private static CoalescingPrediction predict(ClientPolicy policy, List<AuthorityFacts> facts, PredictionInput in,
                                                Checks checks) {
        int n = facts.size();
        boolean[][] shared = new boolean[n][n];
        List<PairDecision> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                AuthorityFacts a = facts.get(i);
                AuthorityFacts b = facts.get(j);
                ClientPolicy.Decision d = policy.decide(a, b, in, checks);
                shared[i][j] = d.shared();
                if (d.shared()) {
                    RiskAssessor.Risk risk = checks.risk(a, b, in);
                    pairs.add(new PairDecision(a.key(), b.key(), true, d.rule(), risk.level(), risk.reason()));
                } else {
                    pairs.add(new PairDecision(a.key(), b.key(), false, d.rule(), MisdirectRisk.NONE, ""));
                }
            }
        }
        return new CoalescingPrediction(policy.id(), policy.displayName(), groups(facts, shared), pairs,
                policy.onMisdirected());
    }

    /** Simulates requests in set order: each joins the first open connection that may carry it, else opens its own. */
    private static List<List<String>> groups(List<AuthorityFacts> facts, boolean[][] shared) {
        List<Integer> owners = new ArrayList<>();
        List<List<String>> members = new ArrayList<>();
        for (int j = 0; j < facts.size(); j++) {
            boolean placed = false;
            for (int c = 0; c < owners.size() && !placed; c++) {
                if (shared[owners.get(c)][j]) {
                    members.get(c).add(facts.get(j).key());
                    placed = true;
                }
            }
            if (!placed && facts.get(j).connection().isPresent()) {
                owners.add(j);
                List<String> group = new ArrayList<>();
                group.add(facts.get(j).key());
                members.add(group);
            }
        }
        return members.stream().filter(g -> g.size() > 1).map(List::copyOf).toList();
    }
}
