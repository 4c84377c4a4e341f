package dev.misdirect.core.session;

import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Expectations for a running lab: derived from its scenario, or an expectations file placed onto its origins. */
final class LabExpectations {
    private LabExpectations() {
    }

    /**
     * The scenario's expectations of a healthy deployment: every authority covered, answered with matching SNI and
     * Host on every node, GET answered 200, and no 421 when coalesced under the replay policies (coalescing,
     * ip-keyed) for which the scenario's fixed variant declares neither a 421 nor a misrouted answer. A fix may leave
     * a policy misdirected by design (vhost-client-auth: an IP-keyed pool still mixes tenants nginx refuses to mix;
     * sni-passthrough: it still reaches the wrong backend); that policy is then not part of the standard, for the
     * broken variant either.
     */
    static Expectations healthy(RunningLab lab) {
        return Expectations.healthy("lab scenario " + lab.scenario().id() + (lab.fixed() ? " (fixed)" : ""),
                lab.authoritySet().authorities(), healthyPolicies(lab.scenario()));
    }

    /** The replay policies under which the scenario's fixed variant sees no 421 and nothing misrouted. */
    static List<ConnectionPolicy> healthyPolicies(Scenario scenario) {
        return Expectations.COALESCED_POLICIES.stream()
                .filter(p -> scenario.fixed().expectation(p).map(Scenario.Expectation::clean).orElse(true))
                .toList();
    }

    /**
     * Puts the authorities of an expectations file onto the lab: a lab name gets the lab's port and, unless the file
     * gives {@code resolve}, the lab's addresses; any other name is refused (the lab's name map is the only DNS).
     */
    static UnaryOperator<Authority> placement(RunningLab lab) {
        Map<String, List<String>> names = lab.nameMap();
        return a -> {
            List<String> addresses = names.get(a.host());
            if (addresses == null) {
                throw new IllegalArgumentException("not a name of lab scenario " + lab.scenario().id() + " (its names: "
                        + String.join(", ", names.keySet()) + ")");
            }
            return new Authority(a.host(), a.unicodeHost(), a.kind(), lab.port(), a.path(),
                    a.resolve().isEmpty() ? addresses : a.resolve(), a.sniOverride(), a.noSni(), a.hostOverride(),
                    a.tags());
        };
    }
}
