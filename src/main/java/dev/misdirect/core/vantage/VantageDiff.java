package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.VantageRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where vantages disagree: per authority its address set, certificate, TLS version and ALPN and whether a 421 was
 * seen; per verified pair its verdict. A vantage that did not measure something is left out of that comparison (and
 * named as not measured), never counted as a difference. Pure.
 */
public final class VantageDiff {
    private static final List<Aspect> PER_AUTHORITY = List.of(Aspect.ADDRESSES, Aspect.CERTIFICATE, Aspect.TLS,
            Aspect.MISDIRECTED);

    private VantageDiff() {
    }

    /** Every authority key any vantage probed, verified or replayed, in the order first met. */
    public static List<String> authorities(List<VantageRecord> vantages) {
        Set<String> keys = new LinkedHashSet<>();
        for (VantageRecord v : vantages) {
            v.probes().forEach(p -> keys.add(p.authority().key()));
            v.latestVerification().ifPresent(run -> run.pairs().forEach(p -> {
                keys.add(p.carrier());
                keys.add(p.passenger());
            }));
            v.replays().forEach(r -> r.steps().forEach(step -> keys.add(step.authority())));
        }
        return List.copyOf(keys);
    }

    /** Every difference between the vantages, authority by authority (in first-met order), then pair by pair. */
    public static List<Difference> differences(List<VantageRecord> vantages) {
        List<Difference> all = new ArrayList<>();
        for (String authority : authorities(vantages)) {
            for (Aspect aspect : PER_AUTHORITY) {
                compare(aspect, authority, List.of(authority), vantages, v -> Measures.of(aspect, v, authority))
                        .ifPresent(all::add);
            }
        }
        Set<List<String>> pairs = new LinkedHashSet<>();
        for (VantageRecord v : vantages) {
            v.latestVerification().ifPresent(run -> run.pairs().forEach(p -> pairs.add(List.of(p.carrier(), p.passenger()))));
        }
        for (List<String> pair : pairs) {
            compare(Aspect.VERDICT, pair.get(0) + " → " + pair.get(1), pair, vantages,
                    v -> Measures.verdict(v, pair.get(0), pair.get(1))).ifPresent(all::add);
        }
        return all;
    }

    private static Optional<Difference> compare(Aspect aspect, String subject, List<String> authorities,
                                                List<VantageRecord> vantages,
                                                Function<VantageRecord, Optional<Measured>> measure) {
        Map<String, List<VantageRecord>> byKey = new LinkedHashMap<>();
        Map<String, List<Measured>> measured = new LinkedHashMap<>();
        List<String> notMeasured = new ArrayList<>();
        for (VantageRecord v : vantages) {
            Optional<Measured> m = measure.apply(v);
            if (m.isEmpty()) {
                notMeasured.add(v.name());
                continue;
            }
            byKey.computeIfAbsent(m.get().key(), k -> new ArrayList<>()).add(v);
            measured.computeIfAbsent(m.get().key(), k -> new ArrayList<>()).add(m.get());
        }
        if (byKey.size() < 2) {
            return Optional.empty();
        }
        // the largest group first; on a tie the group of the earliest vantage (a stable sort keeps first-met order)
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(Comparator.comparingInt((String k) -> -byKey.get(k).size()));
        List<Difference.Group> groups = keys.stream().map(k -> new Difference.Group(measured.get(k).get(0).text(),
                byKey.get(k).stream().map(VantageRecord::name).toList(),
                measured.get(k).stream().flatMap(m -> m.addresses().stream()).distinct().sorted().toList())).toList();
        Severity severity = aspect.severity();
        if (aspect == Aspect.CERTIFICATE && keys.stream().map(k -> measured.get(k).get(0).names()).distinct().count() == 1) {
            severity = Severity.WARNING; // the same names under another key: a renewal not rolled out everywhere
        }
        return Optional.of(new Difference(aspect, subject, authorities, groups, notMeasured, severity));
    }

    /** One finding per difference, naming the vantages, the authority and the addresses. */
    public static List<Finding> findings(List<Difference> differences) {
        return differences.stream().map(VantageDiff::finding).toList();
    }

    static Finding finding(Difference d) {
        String odd = String.join(", ", d.differingVantages());
        String others = String.join(", ", d.groups().get(0).vantages());
        String on = d.differingAddresses().isEmpty() ? "" : " (on " + String.join(", ", d.differingAddresses()) + ")";
        boolean one = d.differingVantages().size() == 1;
        String title = switch (d.aspect()) {
            case ADDRESSES -> odd + (one ? " resolves " : " resolve ") + d.subject() + " to other addresses than "
                    + others + on;
            case CERTIFICATE -> odd + (one ? " is served another certificate" : " are served another certificate")
                    + " for " + d.subject() + " than " + others + on;
            case TLS -> odd + (one ? " negotiates " : " negotiate ") + "another TLS version or ALPN with " + d.subject()
                    + " than " + others + on;
            case VERDICT -> "The verify verdict of " + d.subject() + " differs: " + d.groups().subList(1, d.groups().size())
                    .stream().map(g -> String.join(", ", g.vantages()) + " measured " + verdictWord(g.value()))
                    .collect(java.util.stream.Collectors.joining("; ")) + ", " + others + " "
                    + verdictWord(d.groups().get(0).value()) + on;
            case MISDIRECTED -> (d.groups().get(0).value().startsWith("none") ? "A 421 for " + d.subject() + " seen from "
                    + odd + ", not from " + others : "No 421 for " + d.subject() + " from " + odd + ", but from " + others)
                    + on;
        };
        StringBuilder details = new StringBuilder();
        for (Difference.Group g : d.groups()) {
            details.append(String.join(", ", g.vantages())).append(": ").append(g.value()).append('\n');
        }
        if (!d.notMeasured().isEmpty()) {
            details.append("Not measured from: ").append(String.join(", ", d.notMeasured())).append('\n');
        }
        return new Finding(FindingCause.VANTAGES_DIFFER, d.severity(), title, details.toString().strip(),
                explanation(d.aspect()), fix(d.aspect()), d.authorities());
    }

    private static String verdictWord(String value) {
        int cut = value.indexOf(" (");
        return cut > 0 ? value.substring(0, cut) : value;
    }

    private static String explanation(Aspect aspect) {
        return switch (aspect) {
            case ADDRESSES -> "Geo DNS, anycast and per-region load balancers answer each vantage differently; that"
                    + " alone is normal. It matters when the nodes behind the other addresses serve another certificate"
                    + " or vhost map: the clients of that region then see what the others do not.";
            case CERTIFICATE -> "A 421 is often regional or per node: one ingress node or CDN region serves a"
                    + " certificate the others do not. A client coalesces by the certificate it was served, so where the"
                    + " certificate differs, clients share connections differently and a node without the vhost answers"
                    + " 421 (or fails the name check).";
            case TLS -> "Nodes deployed with other TLS settings negotiate another version or protocol. Servers such as"
                    + " Apache refuse requests across vhosts whose TLS settings differ (AH02032), so a node that differs"
                    + " can refuse what the others accept.";
            case VERDICT -> "The same request on the same kind of connection was judged differently from another vantage:"
                    + " the nodes or routing behind that vantage treat a shared connection differently.";
            case MISDIRECTED -> "A 421 seen from one vantage and not another points at the node, region or ingress tier"
                    + " that vantage reached: its certificate, vhost map or SNI routing is not the others'.";
        };
    }

    private static String fix(Aspect aspect) {
        return switch (aspect) {
            case ADDRESSES -> "Check the certificate and verdict findings for these addresses; when the nodes are alike,"
                    + " nothing needs to change.";
            case CERTIFICATE -> "Deploy the same certificate (the same SANs) on every node and region, and check SAN"
                    + " coverage per node from each vantage after each rollout.";
            case TLS -> "Give every node of a name the same TLS settings (versions, ciphers, ALPN).";
            case VERDICT, MISDIRECTED -> "Make Host/SNI routing the same on every node and region: the same vhost map"
                    + " and certificates behind every address a vantage reaches, then merge new runs to confirm.";
        };
    }
}
