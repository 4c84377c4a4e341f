package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Severity;

/** What vantages are compared on. */
public enum Aspect {
    /** The addresses an authority resolved to. */
    ADDRESSES("address set", Severity.INFO),
    /** The leaf certificates served for an authority (a change of SANs is a problem, a change of key a warning). */
    CERTIFICATE("certificate", Severity.PROBLEM),
    /** The TLS versions and ALPN protocols negotiated for an authority. */
    TLS("TLS version and ALPN", Severity.WARNING),
    /** The verify verdict of a pair (B's request on A's connection). */
    VERDICT("verify verdict", Severity.PROBLEM),
    /** Whether a request for an authority was answered 421 (in a replay or a verification). */
    MISDIRECTED("421", Severity.PROBLEM);

    private final String words;
    private final Severity severity;

    Aspect(String words, Severity severity) {
        this.words = words;
        this.severity = severity;
    }

    /** The aspect in words ("address set"). */
    public String words() {
        return words;
    }

    /** How much a difference in this aspect matters, before anything else is known. */
    public Severity severity() {
        return severity;
    }
}
