package dev.misdirect.cli;

import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.replay.ReplayOptions;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.ServedRequest;

import java.util.List;

/**
 * Points a replay at a running lab: the lab's name map as the only DNS (no outside lookups), the lab CA as the only
 * trust anchor, and the lab's server log joined to the client's exchanges.
 */
public final class LabReplay {
    private LabReplay() {
    }

    /** Replay options for {@code lab} with the policy, retry and protocol settings of {@code client}. */
    public static ReplayOptions options(RunningLab lab, ClientOptions client) {
        ClientOptions c = client.withNames(lab.nameMap())
                .withTrust(concat(client.extraCas(), lab.caCertificate()), false)
                .withResolver(HostResolver.none());
        return ReplayOptions.lab(c, lab.scenario().id(), lab.fixed(),
                () -> lab.serverLog().entries().stream().map(ServedRequest::toServerView).toList());
    }

    private static <T> List<T> concat(List<T> list, T one) {
        List<T> all = new java.util.ArrayList<>(list);
        all.add(one);
        return all;
    }
}
