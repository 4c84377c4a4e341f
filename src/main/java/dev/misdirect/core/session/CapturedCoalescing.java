package dev.misdirect.core.session;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.names.HostPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a capture (a NetLog, a HAR, a run) shows of coalescing that only a verification can judge: each request sent
 * on a connection opened for another authority (the connection's SNI is not the request's host) that was answered
 * with anything but 421. A 421 is a refusal the capture already shows; an answer may be the right page or another
 * site's, and nothing in the capture tells which. Pure.
 */
public final class CapturedCoalescing {
    private CapturedCoalescing() {
    }

    /**
     * The coalesced, answered pairs of these runs, each once, in the order of their first request. A request without
     * a known SNI (a HAR has none) or without an answer is left out.
     */
    public static List<CoalescedPair> answered(List<ReplayRun> runs) {
        Map<List<String>, List<Integer>> statuses = new LinkedHashMap<>();
        for (ReplayRun run : runs) {
            for (StepOutcome step : run.steps()) {
                for (AttemptRecord a : step.attempts()) {
                    if (a.sni().isEmpty() || a.status() <= 0 || a.status() == 421) {
                        continue;
                    }
                    String passenger = step.authority();
                    String sni = a.sni().get().toLowerCase(Locale.ROOT);
                    if (sni.equals(HostPort.hostOf(passenger).toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    String carrier = HostPort.bracketed(sni) + ":" + HostPort.portOf(passenger, 443);
                    statuses.computeIfAbsent(List.of(carrier, passenger), k -> new ArrayList<>()).add(a.status());
                }
            }
        }
        List<CoalescedPair> pairs = new ArrayList<>();
        statuses.forEach((pair, s) -> pairs.add(new CoalescedPair(pair.get(0), pair.get(1), s)));
        return List.copyOf(pairs);
    }
}
