package dev.misdirect.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One verification of every shared pair of an authority set: how it was run and each pair's verdict.
 *
 * @param method       the request method ({@code GET} or {@code HEAD})
 * @param path         the request path (starts with {@code /})
 * @param budget       the most requests the run could send
 * @param requestsSent the requests it sent
 * @param labScenario  the lab scenario it ran against, when any
 * @param fixed        whether the scenario's fixed variant was used
 * @param startedAt    wall-clock start
 * @param micros       how long it took, -1 when not measured
 * @param cancelled    true when it was cancelled before every pair was judged (the rest are untested)
 * @param pairs        one verification per ordered pair and shared address, worst verdict first
 * @param vantage      where it ran (absent from older documents: empty)
 */
public record VerifyRun(String method, String path, int budget, int requestsSent, Optional<String> labScenario,
                        boolean fixed, Instant startedAt, long micros, boolean cancelled, List<PairVerification> pairs,
                        Optional<Vantage> vantage) {
    public VerifyRun {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(labScenario, "labScenario");
        Objects.requireNonNull(startedAt, "startedAt");
        pairs = List.copyOf(pairs);
        vantage = vantage == null ? Optional.empty() : vantage;
    }

    /** A run whose vantage is not known. */
    public VerifyRun(String method, String path, int budget, int requestsSent, Optional<String> labScenario,
                     boolean fixed, Instant startedAt, long micros, boolean cancelled, List<PairVerification> pairs) {
        this(method, path, budget, requestsSent, labScenario, fixed, startedAt, micros, cancelled, pairs, Optional.empty());
    }

    /** This run with where it ran. */
    public VerifyRun withVantage(Vantage v) {
        return new VerifyRun(method, path, budget, requestsSent, labScenario, fixed, startedAt, micros, cancelled, pairs,
                Optional.of(v));
    }

    /** How many pairs got this verdict. */
    public long count(PairVerdict verdict) {
        return pairs.stream().filter(p -> p.verdict() == verdict).count();
    }

    /** The verification of B's request on A's connection at {@code address}, when the run made it. */
    public Optional<PairVerification> pair(String carrier, String passenger, String address) {
        return pairs.stream().filter(p -> p.carrier().equals(carrier) && p.passenger().equals(passenger)
                && p.address().equals(address)).findFirst();
    }
}
