package dev.misdirect.core.report;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Clients that decide alike, as one row: the same connection groups and the same 421 risks make one
 * {@link ClientGroup} listing its clients, so a decision shared by eleven clients is written once. Pure functions.
 */
public final class ClientGroups {
    private ClientGroups() {
    }

    /**
     * Clients with one decision.
     *
     * @param members the clients' predictions, in the order they were given
     * @param groups  the authorities they would put on one connection (empty: none)
     * @param risky   the shared pairs with a 421 risk
     */
    public record ClientGroup(List<CoalescingPrediction> members, List<List<String>> groups, List<PairDecision> risky) {
        public ClientGroup {
            members = List.copyOf(members);
            groups = groups.stream().map(List::copyOf).toList();
            risky = List.copyOf(risky);
        }

        /** The clients' display names: "Chromium (HTTP/2), Firefox, OkHttp". */
        public String clients() {
            return members.stream().map(CoalescingPrediction::client).collect(Collectors.joining(", "));
        }

        /**
         * What the clients do on a 421, each different text once: the text alone when all agree, else
         * "Chromium (HTTP/2), Firefox: text" lines.
         */
        public List<String> onMisdirected() {
            Map<String, List<String>> byText = new LinkedHashMap<>();
            for (CoalescingPrediction p : members) {
                byText.computeIfAbsent(p.onMisdirected(), k -> new ArrayList<>()).add(p.client());
            }
            if (byText.size() == 1) {
                return List.copyOf(byText.keySet());
            }
            return byText.entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": " + e.getKey()).toList();
        }
    }

    /** The predictions grouped by decision, groups in the order of their first client. */
    public static List<ClientGroup> of(List<CoalescingPrediction> predictions) {
        Map<List<Object>, List<CoalescingPrediction>> byDecision = new LinkedHashMap<>();
        for (CoalescingPrediction p : predictions) {
            List<Object> key = List.of(p.groups(), risky(p).stream()
                    .map(d -> List.of(d.first(), d.second(), d.risk(), d.riskReason())).toList());
            byDecision.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        return byDecision.values().stream()
                .map(ms -> new ClientGroup(ms, ms.get(0).groups(), risky(ms.get(0)))).toList();
    }

    private static List<PairDecision> risky(CoalescingPrediction p) {
        return p.pairs().stream().filter(d -> d.shared() && d.risk() != MisdirectRisk.NONE).toList();
    }
}
