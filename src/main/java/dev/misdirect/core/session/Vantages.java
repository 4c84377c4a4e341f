package dev.misdirect.core.session;

import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.probe.Resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the engine fills in a {@link Vantage}: the facts of this machine, the target's label and resolver. */
final class Vantages {
    private Vantages() {
    }

    /**
     * Where a run against {@code target} ran: its label, this machine's host name, where the addresses of
     * {@code probed} came from (the resolver, or overrides; {@code resolver} when nothing was probed) and the local
     * addresses the run's connections were measured to leave from. May block on the first call while the host name is
     * looked up; call it on an engine thread.
     */
    static Vantage of(Target target, List<ProbeResult> probed, Resolver resolver, List<String> egress, Instant at) {
        List<String> sources = probed.stream().map(ProbeResult::addressSource).distinct().toList();
        return new Vantage(target.vantageLabel(), HostName.VALUE,
                sources.isEmpty() ? resolver.source() : String.join(" + ", sources), egress, at);
    }

    /** The machine's host name, read once: the environment's, else the JDK's answer for the local host. */
    private static final class HostName {
        static final String VALUE = read();

        private static String read() {
            for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
                String value = System.getenv(variable);
                if (value != null && !value.isBlank()) {
                    return value.strip().toLowerCase(Locale.ROOT);
                }
            }
            try {
                return Optional.ofNullable(InetAddress.getLocalHost().getHostName()).filter(s -> !s.isBlank())
                        .orElse(Vantage.UNKNOWN);
            } catch (UnknownHostException | SecurityException e) {
                return Vantage.UNKNOWN;
            }
        }
    }
}
