package dev.misdirect.core.session;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a verification sends, decided from probe results before anything is sent (so {@code --dry-run} and the run
 * agree, and every face verifies the same pairs).
 *
 * <p>The pairs: every ordered pair of authorities on the same port that share a resolved address, at each address
 * they share; and every pair a client policy would coalesce although they share none (an ORIGIN frame), at the
 * carrier's first address. Authorities without an address, or that send no SNI, are left out (a note says so).
 *
 * <p>The requests: two on each authority's own connection to each address it is verified at (to learn what varies
 * between two answers), then one per pair on the carrier's connection, the carriers taken in turn. The budget is spent pair by pair in order,
 * each pair costing its carried request and the own-connection requests not yet planned; a pair that does not fit
 * is over budget (untested), a later cheaper one may still fit.
 *
 * @param pairs      the pairs that will be verified, in order
 * @param overBudget the pairs the budget left out
 * @param requests   every request, in sending order
 * @param notes      authorities left out and why
 * @param probes     the probe results the plan was made from (a session keeps them beside the verdicts)
 */
public record VerifyPlan(List<Pair> pairs, List<Pair> overBudget, List<Request> requests, List<String> notes,
                         List<ProbeResult> probes) {
    public VerifyPlan {
        probes = List.copyOf(probes);
        pairs = List.copyOf(pairs);
        overBudget = List.copyOf(overBudget);
        requests = List.copyOf(requests);
        notes = List.copyOf(notes);
    }

    /**
     * B's request on A's connection at one address.
     *
     * @param carrier     A, whose connection carries the request
     * @param passenger   B, whose request it is
     * @param address     where both connections go
     * @param coalescedBy the client policies that would coalesce B onto A by themselves
     */
    public record Pair(Authority carrier, Authority passenger, String address, List<String> coalescedBy) {
        public Pair {
            Objects.requireNonNull(carrier, "carrier");
            Objects.requireNonNull(passenger, "passenger");
            Objects.requireNonNull(address, "address");
            coalescedBy = List.copyOf(coalescedBy);
        }
    }

    /** Why a request is sent. */
    public enum Purpose {
        /** The first request on the authority's own connection (it opens the connection). */
        OWN_FIRST,
        /** The second, to learn what varies between two answers. */
        OWN_SECOND,
        /** A passenger's request on a carrier's connection. */
        CARRIED
    }

    /**
     * One request.
     *
     * @param sni       the name the connection is opened for
     * @param authority the {@code :authority} / Host it carries
     * @param address   the address its connection goes to
     * @param port      the port
     * @param purpose   why it is sent
     */
    public record Request(String sni, String authority, String address, int port, Purpose purpose) {
    }

    /** The SNI an authority's own connection is opened with. */
    static String sniOf(Authority a) {
        return a.effectiveSni().orElse(a.host());
    }

    /** The plan for these probe results and predictions under {@code budget} requests. Pure. */
    static VerifyPlan of(List<ProbeResult> results, List<CoalescingPrediction> predictions, int budget) {
        return of(results, predictions, budget, List.of());
    }

    /**
     * The plan of {@link #of(List, List, int)}, restricted to the pairs {@code only} names (every shared pair when it
     * is empty). A named pair that neither shares an address nor is coalesced by a client is still verified, at the
     * first address both resolve to (else the carrier's first): a capture showed it coalesced. A named pair whose
     * authority is not in the results, or has no address, is left out with a note. Pure.
     */
    static VerifyPlan of(List<ProbeResult> results, List<CoalescingPrediction> predictions, int budget,
                         List<CoalescedPair> only) {
        List<String> notes = new ArrayList<>();
        List<ProbeResult> usable = new ArrayList<>();
        for (ProbeResult r : results) {
            if (r.resolvedByProxy()) {
                notes.add(r.authority().key() + " is left out: the proxy resolved it, so its address is not known here"
                        + " (pin it with resolve=ADDR to verify it through the proxy)");
            } else if (r.addresses().isEmpty()) {
                notes.add(r.authority().key() + " is left out: it has no address ("
                        + r.dnsError().orElse("nothing resolved") + ")");
            } else if (r.authority().noSni()) {
                notes.add(r.authority().key() + " is left out: its connections send no SNI (sni=none)");
            } else {
                usable.add(r);
            }
        }
        Map<String, List<String>> sharers = new java.util.HashMap<>();
        for (CoalescingPrediction prediction : predictions) {
            for (PairDecision d : prediction.pairs()) {
                if (d.shared()) {
                    sharers.computeIfAbsent(d.first() + " " + d.second(), k -> new ArrayList<>()).add(prediction.policy());
                }
            }
        }
        Map<String, Authority> byKey = new LinkedHashMap<>();
        usable.forEach(r -> byKey.put(r.authority().key(), r.authority()));
        List<Pair> candidates = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        // address -> authorities there, in set order (first address first)
        Map<String, List<ProbeResult>> byAddress = new LinkedHashMap<>();
        for (ProbeResult r : usable) {
            for (String address : r.addresses()) {
                byAddress.computeIfAbsent(address, k -> new ArrayList<>()).add(r);
            }
        }
        byAddress.forEach((address, here) -> {
            for (ProbeResult a : here) {
                for (ProbeResult b : here) {
                    if (a != b && a.authority().port() == b.authority().port()) {
                        Pair p = new Pair(a.authority(), b.authority(), address,
                                sharers.getOrDefault(a.authority().key() + " " + b.authority().key(), List.of()));
                        candidates.add(p);
                        seen.add(a.authority().key() + " " + b.authority().key());
                    }
                }
            }
        });
        for (CoalescingPrediction prediction : predictions) {
            for (PairDecision d : prediction.pairs()) {
                Authority a = byKey.get(d.first());
                Authority b = byKey.get(d.second());
                if (d.shared() && a != null && b != null && seen.add(d.first() + " " + d.second())) {
                    String address = usable.stream().filter(r -> r.authority() == a).findFirst()
                            .map(r -> r.addresses().get(0)).orElseThrow();
                    candidates.add(new Pair(a, b, address, sharers.get(d.first() + " " + d.second())));
                }
            }
        }
        List<Pair> chosen = only.isEmpty() ? candidates : restrict(candidates, only, usable, byKey, notes);
        List<Pair> planned = new ArrayList<>();
        List<Pair> overBudget = new ArrayList<>();
        Set<String> own = new LinkedHashSet<>();
        List<Request> ownRequests = new ArrayList<>();
        int used = 0;
        for (Pair p : chosen) {
            String carrierOwn = p.carrier().key() + "@" + p.address();
            String passengerOwn = p.passenger().key() + "@" + p.address();
            int cost = 1 + (own.contains(carrierOwn) ? 0 : 2) + (own.contains(passengerOwn) ? 0 : 2);
            if (used + cost > budget) {
                overBudget.add(p);
                continue;
            }
            used += cost;
            planned.add(p);
            for (Authority x : List.of(p.carrier(), p.passenger())) {
                if (own.add(x.key() + "@" + p.address())) {
                    ownRequests.add(new Request(sniOf(x), x.hostHeader(), p.address(), x.port(), Purpose.OWN_FIRST));
                }
            }
        }
        List<Request> requests = new ArrayList<>(ownRequests);
        ownRequests.forEach(r -> requests.add(new Request(r.sni(), r.authority(), r.address(), r.port(),
                Purpose.OWN_SECOND)));
        // passengers taken round-robin across the carriers' connections, so every connection carries streams at once
        Map<String, List<Pair>> byConnection = new LinkedHashMap<>();
        planned.forEach(p -> byConnection.computeIfAbsent(p.carrier().key() + "@" + p.address(), k -> new ArrayList<>())
                .add(p));
        for (int i = 0; requests.size() < ownRequests.size() * 2 + planned.size(); i++) {
            for (List<Pair> passengers : byConnection.values()) {
                if (i < passengers.size()) {
                    Pair p = passengers.get(i);
                    requests.add(new Request(sniOf(p.carrier()), p.passenger().hostHeader(), p.address(),
                            p.carrier().port(), Purpose.CARRIED));
                }
            }
        }
        return new VerifyPlan(planned, overBudget, requests, notes, results);
    }

    /** The candidates {@code only} names, in its order, each at the addresses it was a candidate at (see above). */
    private static List<Pair> restrict(List<Pair> candidates, List<CoalescedPair> only, List<ProbeResult> usable,
                                       Map<String, Authority> byKey, List<String> notes) {
        List<Pair> kept = new ArrayList<>();
        for (CoalescedPair wanted : only) {
            List<Pair> found = candidates.stream().filter(p -> p.carrier().key().equals(wanted.carrier())
                    && p.passenger().key().equals(wanted.passenger())).toList();
            if (!found.isEmpty()) {
                kept.addAll(found);
                continue;
            }
            Authority a = byKey.get(wanted.carrier());
            Authority b = byKey.get(wanted.passenger());
            if (a == null || b == null) {
                notes.add(wanted.passenger() + " on " + wanted.carrier() + "'s connection is left out: "
                        + (a == null ? wanted.carrier() : wanted.passenger()) + " is not an authority with an address");
                continue;
            }
            List<String> carrierAddresses = usable.stream().filter(r -> r.authority() == a).findFirst()
                    .orElseThrow().addresses();
            List<String> passengerAddresses = usable.stream().filter(r -> r.authority() == b).findFirst()
                    .orElseThrow().addresses();
            String address = carrierAddresses.stream().filter(passengerAddresses::contains).findFirst()
                    .orElse(carrierAddresses.get(0));
            kept.add(new Pair(a, b, address, List.of()));
        }
        return kept;
    }
}
