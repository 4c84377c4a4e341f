package dev.misdirect.core.session;

import dev.misdirect.core.net.Timeouts;

import java.util.Objects;

/**
 * How pairs are verified. Immutable; the constructor refuses what must never be sent, so bad input is refused before
 * anything is.
 *
 * @param method            {@code GET} or {@code HEAD}: nothing that changes state on a server
 * @param path              the path every request asks for, starting with {@code /} (a query may follow)
 * @param budget            the most requests the verification sends (the own-connection requests included);
 *                          pairs beyond it are untested
 * @param requestsPerSecond the rate limit over the whole run; 0 for none
 * @param maxInFlight       requests in flight at once
 * @param timeouts          connect, read and whole-call limits of every request
 */
public record VerifyOptions(String method, String path, int budget, double requestsPerSecond, int maxInFlight,
                            Timeouts timeouts) {
    /** The default budget: enough for every pair of 50 authorities on one address, not far beyond. */
    public static final int DEFAULT_BUDGET = 2_500;
    /** The default rate limit, requests per second. */
    public static final double DEFAULT_RATE = 1_000;
    /** The default number of requests in flight. */
    public static final int DEFAULT_IN_FLIGHT = 64;

    /** @throws IllegalArgumentException naming the option and the reason */
    public VerifyOptions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeouts, "timeouts");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new IllegalArgumentException("method " + method + " is not allowed: verify sends only GET or HEAD");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with /");
        }
        if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '#')) {
            throw new IllegalArgumentException("path '" + path + "' holds a space, a control character or a #");
        }
        if (budget <= 0) {
            throw new IllegalArgumentException("budget " + budget + " must be 1 or more");
        }
        if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("rate " + requestsPerSecond + " must be 0 (no limit) or more");
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("requests in flight " + maxInFlight + " must be 1 or more");
        }
    }

    /** GET /, the default budget, rate and concurrency, default timeouts. */
    public static VerifyOptions defaults() {
        return new VerifyOptions("GET", "/", DEFAULT_BUDGET, DEFAULT_RATE, DEFAULT_IN_FLIGHT, Timeouts.defaults());
    }

    public VerifyOptions withMethod(String m) {
        return new VerifyOptions(m, path, budget, requestsPerSecond, maxInFlight, timeouts);
    }

    public VerifyOptions withPath(String p) {
        return new VerifyOptions(method, p, budget, requestsPerSecond, maxInFlight, timeouts);
    }

    public VerifyOptions withBudget(int b) {
        return new VerifyOptions(method, path, b, requestsPerSecond, maxInFlight, timeouts);
    }

    public VerifyOptions withRate(double perSecond) {
        return new VerifyOptions(method, path, budget, perSecond, maxInFlight, timeouts);
    }

    public VerifyOptions withTimeouts(Timeouts t) {
        return new VerifyOptions(method, path, budget, requestsPerSecond, maxInFlight, t);
    }
}
