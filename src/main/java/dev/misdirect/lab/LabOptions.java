package dev.misdirect.lab;

import java.util.OptionalInt;

/**
 * How to start a lab.
 *
 * @param fixed            run the scenario's fixed variant
 * @param port             the port every origin binds; empty = a free port chosen at start
 * @param threadNamePrefix prefix of every thread the lab starts (its servers' pools and schedulers)
 */
public record LabOptions(boolean fixed, OptionalInt port, String threadNamePrefix) {
    public LabOptions {
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("lab port " + port.getAsInt() + " is outside 1..65535");
        }
        if (threadNamePrefix.isBlank()) {
            throw new IllegalArgumentException("thread name prefix is blank");
        }
    }

    /** The broken variant on a free port, threads named {@code misdirect-lab}. */
    public static LabOptions defaults() {
        return new LabOptions(false, OptionalInt.empty(), "misdirect-lab");
    }

    public LabOptions withFixed(boolean fixed) {
        return new LabOptions(fixed, port, threadNamePrefix);
    }

    public LabOptions withPort(int port) {
        return new LabOptions(fixed, OptionalInt.of(port), threadNamePrefix);
    }

    public LabOptions withThreadNamePrefix(String prefix) {
        return new LabOptions(fixed, port, prefix);
    }
}
