package dev.misdirect.core.model;

import java.util.List;

/**
 * What one client policy would do with an authority set.
 *
 * @param policy  stable policy id ("chromium-h2", "firefox", "okhttp", "curl", "ip-keyed", ...)
 * @param client  display name ("Chromium (HTTP/2)")
 * @param groups  authorities that would share one connection (each group has two or more keys)
 * @param pairs   every ordered pair considered, with the deciding rule
 * @param onMisdirected what this client does when it receives a 421
 */
public record CoalescingPrediction(String policy, String client, List<List<String>> groups, List<PairDecision> pairs,
                                   String onMisdirected) {
    public CoalescingPrediction {
        groups = groups.stream().map(List::copyOf).toList();
        pairs = List.copyOf(pairs);
    }
}
