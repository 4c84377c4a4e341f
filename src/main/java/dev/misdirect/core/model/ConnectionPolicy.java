package dev.misdirect.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a replay chooses the connection a request travels on. The ids are the names used everywhere (code, CLI,
 * workbench, session documents).
 */
public enum ConnectionPolicy {
    /** One connection pool per authority: a request only ever travels on a connection opened for its own authority. */
    ISOLATED("isolated", "one connection pool per authority (the fix)"),
    /**
     * OkHttp's native HTTP/2 coalescing: one client, one DNS, one trust manager and OkHttp's own hostname verifier
     * for the whole run, so a connection to A is reused for B when B resolves to the same address and A's
     * certificate covers B.
     */
    COALESCING("coalescing", "the client's native HTTP/2 coalescing (OkHttp rules)"),
    /**
     * A buggy proxy pool keyed by IP:port only: B's request is sent on the first connection opened to the same
     * IP:port, with {@code :authority} B and the connection's SNI unchanged, whatever the certificate says.
     */
    IP_KEYED("ip-keyed", "a pool keyed by IP:port only (a buggy proxy or CDN)");

    private final String id;
    private final String description;

    ConnectionPolicy(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The stable name: {@code isolated}, {@code coalescing} or {@code ip-keyed}. */
    public String id() {
        return id;
    }

    /** One line for help texts. */
    public String description() {
        return description;
    }

    /** The policy with this id (case-insensitive), empty when there is none. */
    public static Optional<ConnectionPolicy> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    /** "isolated, coalescing, ip-keyed", for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(ConnectionPolicy::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
