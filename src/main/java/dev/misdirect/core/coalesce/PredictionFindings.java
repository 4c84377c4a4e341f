package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.Severity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns predictions into findings: one per pair of authorities that some policy shares, and pairs whose findings
 * say the same thing but for their names (fifty names under one wildcard on one address make 1,225 of them) in one
 * finding that shows one pair and lists the others.
 */
final class PredictionFindings {
    private PredictionFindings() {
    }

    /** One policy's prediction with its decisions indexed by first, then second authority. */
    private record Known(ClientPolicy policy, Map<String, Map<String, PairDecision>> pairs) {
        Optional<PairDecision> get(String first, String second) {
            return Optional.ofNullable(pairs.getOrDefault(first, Map.of()).get(second));
        }

        boolean shares(String first, String second) {
            PairDecision d = pairs.getOrDefault(first, Map.of()).get(second);
            return d != null && d.shared();
        }

        /** The decisions in prediction order. */
        List<PairDecision> decisions() {
            return pairs.values().stream().flatMap(m -> m.values().stream()).toList();
        }
    }

    static List<Finding> of(List<CoalescingPrediction> predictions) {
        List<Known> known = new ArrayList<>();
        Set<List<String>> unordered = new LinkedHashSet<>();
        for (CoalescingPrediction p : predictions) {
            Optional<ClientPolicy> policy = ClientPolicy.byId(p.policy());
            if (policy.isEmpty()) {
                continue;
            }
            Map<String, Map<String, PairDecision>> byPair = new LinkedHashMap<>();
            for (PairDecision d : p.pairs()) {
                byPair.computeIfAbsent(d.first(), f -> new LinkedHashMap<>()).put(d.second(), d);
            }
            known.add(new Known(policy.get(), byPair));
        }
        // Pairs in the order they first appear (authority-set order), the earlier authority first.
        Map<String, Integer> rank = new HashMap<>();
        for (CoalescingPrediction p : predictions) {
            for (PairDecision d : p.pairs()) {
                rank.putIfAbsent(d.first(), rank.size());
                rank.putIfAbsent(d.second(), rank.size());
            }
        }
        for (Known k : known) {
            for (PairDecision d : k.decisions()) {
                if (d.shared()) {
                    boolean firstEarlier = rank.get(d.first()) < rank.get(d.second());
                    unordered.add(firstEarlier ? List.of(d.first(), d.second()) : List.of(d.second(), d.first()));
                }
            }
        }
        List<List<String>> sortedPairs = new ArrayList<>(unordered);
        sortedPairs.sort((p, q) -> {
            int c = Integer.compare(rank.get(p.get(0)), rank.get(q.get(0)));
            return c != 0 ? c : Integer.compare(rank.get(p.get(1)), rank.get(q.get(1)));
        });
        // pairs whose findings read alike once their names are set aside, in the order of their first pair
        Map<List<Object>, List<Oriented>> alike = new LinkedHashMap<>();
        for (List<String> pair : sortedPairs) {
            Oriented o = Oriented.of(pair.get(0), pair.get(1), known);
            alike.computeIfAbsent(o.shape(known), k -> new ArrayList<>()).add(o);
        }
        List<Finding> findings = new ArrayList<>();
        for (List<Oriented> group : alike.values()) {
            PairFinding first = finding(group.get(0).conn(), group.get(0).req(), known);
            findings.add(group.size() == 1 ? first.finding() : grouped(first, group));
        }
        return List.copyOf(findings);
    }

    /** How many pairs a grouped finding names in its details; every pair is in the predictions. */
    static final int PAIRS_NAMED = 12;

    /** One pair's finding, with what a grouped finding needs of it. */
    private record PairFinding(Finding finding, String sharing, String refusing) {
    }

    /**
     * A shared pair as its finding tells it: {@code req} onto {@code conn}'s connection ({@code x}'s connection
     * unless no policy puts {@code y} on it).
     */
    private record Oriented(String conn, String req) {
        static Oriented of(String x, String y, List<Known> known) {
            boolean anyForward = known.stream().anyMatch(k -> k.shares(x, y));
            return anyForward ? new Oriented(x, y) : new Oriented(y, x);
        }

        /**
         * What the pair's finding is made of, its names set aside: pairs with equal shapes have findings that read
         * the same but for their names. For each policy: which ways it shares, and the decision shown (its
         * direction, rule, risk, measurement and the risk's reason).
         */
        List<Object> shape(List<Known> known) {
            List<Object> shape = new ArrayList<>();
            // many policies give one pair the same rule and risk text: each text is blanked once
            Map<String, String> blanked = new HashMap<>();
            for (Known k : known) {
                boolean forward = k.shares(conn, req);
                boolean backward = k.shares(req, conn);
                shape.add(forward);
                shape.add(backward);
                Optional<PairDecision> shown = forward ? k.get(conn, req) : backward ? k.get(req, conn)
                        : k.get(conn, req);
                shown.ifPresentOrElse(d -> {
                    shape.add(d.first().equals(conn));
                    shape.add(blanked.computeIfAbsent(d.rule(), this::blank));
                    shape.add(d.shared());
                    shape.add(d.measured());
                    shape.add(d.risk());
                    shape.add(blanked.computeIfAbsent(d.riskReason(), this::blank));
                }, () -> shape.add("no decision"));
            }
            return shape;
        }

        /** {@code text} with the pair's names set aside, as keys ("a.example:443") and as shown ("a.example"). */
        private String blank(String text) {
            String t = withoutName(withoutName(text, conn, "\u0001"), req, "\u0002");
            // on another port than 443 a name is shown as its key, already set aside
            t = conn.equals(show(conn)) ? t : withoutName(t, show(conn), "\u0001");
            return req.equals(show(req)) ? t : withoutName(t, show(req), "\u0002");
        }

        /** "b onto a" */
        String onto() {
            return show(req) + " onto " + show(conn);
        }
    }

    /** {@code text} with {@code name} replaced wherever it stands as a whole name (not inside a longer one). */
    static String withoutName(String text, String name, String mark) {
        int at = text.indexOf(name);
        if (at < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int end = at + name.length();
            if (standsAlone(text, at, end)) {
                b.append(text, from, at).append(mark);
                from = end;
                at = text.indexOf(name, end);
            } else {
                at = text.indexOf(name, at + 1);
            }
        }
        return b.append(text, from, text.length()).toString();
    }

    /** Whether text[start, end) is a whole name: not part of a longer name, another port or a longer domain. */
    private static boolean standsAlone(String text, int start, int end) {
        if (start > 0) {
            char c = text.charAt(start - 1);
            if (isNameChar(c) || c == '.' || c == ':') {
                return false;
            }
        }
        if (end < text.length()) {
            char c = text.charAt(end);
            char next = end + 1 < text.length() ? text.charAt(end + 1) : ' ';
            return !isNameChar(c) && !(c == '.' && isNameChar(next) && next != '-')
                    && !(c == ':' && next >= '0' && next <= '9');
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
    }

    /** One finding for pairs alike: the first pair's finding shown, the others named. */
    private static Finding grouped(PairFinding first, List<Oriented> group) {
        Oriented shown = group.get(0);
        Set<String> names = new LinkedHashSet<>();
        group.forEach(p -> {
            names.add(p.conn());
            names.add(p.req());
        });
        List<String> examples = group.stream().limit(3).map(Oriented::onto).toList();
        String title = capitalize(first.sharing()) + " will coalesce " + group.size() + " pairs of these "
                + names.size() + " names alike (" + String.join(", ", examples) + (group.size() > 3 ? ", …" : "")
                + ")" + (first.refusing() == null ? "" : "; " + first.refusing() + " will not");
        String listed = group.stream().limit(PAIRS_NAMED).map(Oriented::onto)
                .collect(java.util.stream.Collectors.joining("; "));
        String details = "Shown for " + show(shown.req()) + " on " + show(shown.conn()) + "'s connection; each of the "
                + "other " + (group.size() - 1) + " pairs reads the same with its own names.\n"
                + first.finding().details() + "\nThe " + group.size() + " pairs: " + listed
                + (group.size() > PAIRS_NAMED ? "; … and " + (group.size() - PAIRS_NAMED)
                + " more (every pair is in the predictions)" : "") + ".";
        return new Finding(first.finding().cause(), first.finding().severity(), title, details,
                first.finding().explanation(), "For each pair (here " + show(shown.req()) + " and "
                + show(shown.conn()) + "): " + decapitalize(first.finding().fix()), List.copyOf(names));
    }

    /** The finding of {@code req} on {@code conn}'s connection ({@link Oriented}). */
    private static PairFinding finding(String conn, String req, List<Known> known) {
        List<ClientPolicy> sharing = new ArrayList<>();
        List<ClientPolicy> refusing = new ArrayList<>();
        MisdirectRisk worst = MisdirectRisk.NONE;
        Set<String> riskReasons = new LinkedHashSet<>();
        // clients that decide alike share one line: "Chromium (HTTP/2), Firefox (b on a's connection): rule"
        Map<String, List<String>> clientsByDecision = new LinkedHashMap<>();
        for (Known k : known) {
            boolean forward = k.shares(conn, req);
            boolean backward = k.shares(req, conn);
            boolean unknown = !forward && !backward && k.get(conn, req).map(d -> d.rule().startsWith("not predicted: "))
                    .orElse(false);
            if (!unknown) {
                (forward || backward ? sharing : refusing).add(k.policy());
            }
            Optional<PairDecision> shown = forward ? k.get(conn, req) : backward ? k.get(req, conn) : k.get(conn, req);
            if (shown.isEmpty()) {
                continue;
            }
            PairDecision d = shown.get();
            StringBuilder line = new StringBuilder(" (").append(show(d.second())).append(" on ").append(show(d.first()))
                    .append("'s connection): ").append(d.rule());
            if (forward && backward) {
                line.append(" (also the other way round)");
            }
            if (d.shared()) {
                // a measured pair says what the server did; only a prediction speaks of a 421 risk
                String risk = d.measured().map(v -> "measured " + v.id()).orElse("421 risk " + d.risk());
                line.append(" (").append(risk).append(')');
                if (d.risk().compareTo(worst) > 0) {
                    worst = d.risk();
                }
                riskReasons.add(risk + (d.first().equals(conn) ? "" : " the other way round") + ": " + riskReason(d));
            }
            clientsByDecision.computeIfAbsent(line.toString(), l -> new ArrayList<>()).add(k.policy().displayName());
        }
        String details = clientsByDecision.entrySet().stream().map(e -> String.join(", ", e.getValue()) + e.getKey())
                .collect(java.util.stream.Collectors.joining("\n"));
        // a policy left unknown (chromium-h3 without an HTTP/3 advertisement) is in neither list nor in the counting
        List<Known> decided = known.stream().filter(k -> sharing.contains(k.policy()) || refusing.contains(k.policy()))
                .toList();
        String sharingSummary = summary(sharing, decided);
        String refusingSummary = refusing.isEmpty() ? null : summary(refusing, decided);
        String title = capitalize(sharingSummary) + " will coalesce " + show(req) + " onto " + show(conn)
                + (refusingSummary == null ? "" : "; " + refusingSummary + " will not");
        String explanation = "An HTTP/2 client may send a request for another authority on an open connection when that "
                + "authority resolves to the connection's address and the connection's certificate covers it "
                + "(RFC 9113 §9.1.1). The origin then sees SNI " + show(conn) + " with Host " + show(req) + ". "
                + String.join(". ", riskReasons) + ". On 421: " + onMisdirected(sharing) + ".";
        String fix = worst == MisdirectRisk.LIKELY
                ? "Keep these names off each other's connections or make the server accept it: give " + show(req)
                + " its own IP address or a certificate that does not also cover " + show(conn) + " (and vice versa); "
                + "or make both vhosts TLS-compatible (same certificate, protocols, ciphers and client-certificate "
                + "settings). Make sure a refusal is a 421 so that Chromium, Firefox and OkHttp retry on "
                + "a fresh connection; Safari shows the 421 to its user, so only separating the names helps there. "
                + "curl, Go, Java, Node's undici, .NET and httpx never coalesce, so they are not affected."
                : "Nothing breaks while the origin answers for both names on either connection. If it routes by SNI, "
                + "route by Host/:authority instead, or answer 421 (Chromium, Firefox and OkHttp retry on a "
                + "fresh connection; Safari shows it to its user), "
                + "or stop the sharing with separate IP addresses or certificates.";
        return new PairFinding(new Finding(FindingCause.COALESCING_PREDICTED,
                worst == MisdirectRisk.LIKELY ? Severity.WARNING : Severity.INFO,
                title, details, explanation, fix, List.of(conn, req)), sharingSummary, refusingSummary);
    }

    /**
     * Why a shared pair is a risk, in words that do not depend on the client: a measurement says what the server did
     * (once for every client that shares the pair; what each client then does is said once per family after it).
     */
    private static String riskReason(PairDecision d) {
        String reason = d.riskReason().replaceFirst("^measured: ", "");
        if (d.measured().isEmpty()) {
            return reason;
        }
        String where = show(d.second()) + "'s request on " + show(d.first()) + "'s connection";
        return switch (d.measured().get()) {
            case REFUSED_421 -> "the server answers " + where + " with 421";
            case MISROUTED -> {
                int at = reason.indexOf("→ misrouted: ");
                yield "the server misroutes " + where
                        + (at < 0 ? "" : ": " + reason.substring(at + "→ misrouted: ".length()));
            }
            default -> reason;
        };
    }

    /** What each sharing family does on 421, once per family. */
    private static String onMisdirected(List<ClientPolicy> sharing) {
        Map<String, String> byFamily = new LinkedHashMap<>();
        sharing.forEach(p -> byFamily.putIfAbsent(p.family(), p.family() + " " + p.onMisdirected()));
        return String.join("; ", byFamily.values());
    }

    /** "Chromium, Firefox and OkHttp": a family by its name when all its given variants agree, else per variant. */
    private static String summary(List<ClientPolicy> these, List<Known> known) {
        List<String> names = new ArrayList<>();
        for (ClientPolicy p : these) {
            long variants = known.stream().filter(k -> k.policy().family().equals(p.family())).count();
            long inHere = these.stream().filter(q -> q.family().equals(p.family())).count();
            String name = variants == inHere ? p.family() : p.displayName();
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** An authority key as people write it: the port left out when it is 443. */
    static String show(String key) {
        return key.endsWith(":443") ? key.substring(0, key.length() - 4) : key;
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
