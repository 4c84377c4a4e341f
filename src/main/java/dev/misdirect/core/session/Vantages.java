package dev.misdirect.core.session;

import dev.misdirect.core.model.Vantage;

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
     * Where a run against {@code target} ran: its label, this machine's host name, {@code resolver} (the source of
     * the addresses) and the local addresses the run's connections were measured to leave from. May block on the
     * first call while the host name is looked up; call it on an engine thread.
     */
    static Vantage of(Target target, String resolver, List<String> egress, Instant at) {
        return new Vantage(target.vantageLabel(), HostName.VALUE, resolver, egress, at);
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
