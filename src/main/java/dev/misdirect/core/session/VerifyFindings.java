package dev.misdirect.core.session;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.VerifyRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a verify run found, as findings every face and report shows: a problem per misrouted pair (nothing retries
 * it), a warning per refused pair (clients that retry pay a round trip, others show the 421), a note per pair that
 * could not be measured. A pair verified at several addresses counts as its worst answer. Pure.
 */
final class VerifyFindings {
    private VerifyFindings() {
    }

    static List<Finding> of(VerifyRun run) {
        Map<String, PairVerification> worst = new LinkedHashMap<>();
        for (PairVerification p : run.pairs()) {
            worst.merge(p.carrier() + " " + p.passenger(), p, (a, b) -> b.verdict().badness() > a.verdict().badness() ? b : a);
        }
        List<Finding> out = new ArrayList<>();
        worst.values().stream().sorted(Comparator.comparingInt((PairVerification p) -> -p.verdict().badness()))
                .forEach(p -> {
                    String coalesced = p.coalescedBy().isEmpty() ? "no client shares this pair by itself (a proxy or"
                            + " IP-keyed pool may)" : "shared by " + String.join(", ", p.coalescedBy());
                    switch (p.verdict()) {
                        case MISROUTED -> out.add(new Finding(FindingCause.MISROUTED, Severity.PROBLEM,
                                p.passenger() + "'s request on " + p.carrier() + "'s connection is misrouted",
                                p.reason() + " (" + coalesced + ")",
                                "Sent on a connection opened for " + p.carrier() + ", the request reached something"
                                        + " that answered for another site: no client retries that, so users of a"
                                        + " client that shares the connection see the wrong answer.",
                                ServerSoftware.of(p).map(ServerSoftware.Seen::misroutedFix).orElse(
                                        "Make every server behind " + p.address() + " either serve " + p.passenger()
                                        + " or answer 421 for it (a strict SNI/Host check), or give the names"
                                        + " certificates that do not cover each other so no client shares the connection."),
                                List.of(p.carrier(), p.passenger())));
                        case REFUSED_421 -> out.add(new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.WARNING,
                                p.passenger() + "'s request on " + p.carrier() + "'s connection is refused with 421",
                                p.reason() + " (" + coalesced + ")",
                                "A correct refusal: Chromium, Firefox and OkHttp retry on a new connection (one extra"
                                        + " round trip and handshake); Safari, Node's undici and .NET show the 421.",
                                ServerSoftware.of(p).map(ServerSoftware.Seen::refusedFix).orElse(
                                        "Give the names their own certificates or addresses so no client shares the"
                                        + " connection, or make the server answer both names on one connection."),
                                List.of(p.carrier(), p.passenger())));
                        case UNTESTED -> out.add(new Finding(FindingCause.OTHER, Severity.INFO,
                                p.passenger() + " on " + p.carrier() + "'s connection was not measured",
                                p.reason(), "verify could not judge this pair.", "", List.of(p.carrier(), p.passenger())));
                        case SHARED_OK -> { }
                    }
                });
        return out;
    }
}
