package dev.misdirect.core.model;

/**
 * The closed list of causes a finding can have; the workbench chooses its card layout by cause and
 * reports group by it.
 */
public enum FindingCause {
    /** DNS lookup failed or timed out. */
    DNS_FAILURE,
    /** TCP connect refused, reset or timed out. */
    CONNECT_FAILURE,
    /** The TLS handshake failed (alert, timeout, protocol). */
    TLS_FAILURE,
    /** The served chain does not verify against the trust store (unknown issuer, self-signed). */
    CERT_UNTRUSTED,
    /** The served certificate is expired or not yet valid. */
    CERT_VALIDITY,
    /** The certificate served for an authority does not cover that authority's name. */
    NAME_NOT_COVERED,
    /** Different addresses of one name serve different certificates or vhost maps (ingress drift). */
    INGRESS_DRIFT,
    /** Two authorities share an address and a certificate covering both: the coalescing precondition. */
    COALESCING_PRECONDITION,
    /** Authorities behind one address ask for client certificates differently. */
    CLIENT_CERT_DIFFERS,
    /** Authorities behind one address differ in TLS settings (protocols, ciphers, certificates). */
    TLS_SETTINGS_DIFFER,
    /** A client policy is predicted to share a connection between authorities, with a 421 risk. */
    COALESCING_PREDICTED,
    /** A request was answered 421 Misdirected Request. */
    MISDIRECTED_REQUEST,
    /** A client retried after a 421 without telling the caller. */
    HIDDEN_RETRY,
    /** A proxy or pool keyed by IP only sent one authority's request on another's connection. */
    IP_KEYED_POOL,
    /** A request sent on another authority's connection got another answer than on its own (verify measured it). */
    MISROUTED,
    /** What an imported capture cannot tell, or what was missing from it. */
    IMPORT_LIMITATION,
    /**
     * The capture cannot show a 421 that the client retried by itself (a HAR holds each request once, with its final
     * status): a run without a 421 from it proves nothing.
     */
    RETRIED_421_UNSEEN,
    /**
     * Vantage points disagree about one authority or pair: another address set, certificate, TLS version or ALPN,
     * verify verdict, or a 421 seen from one and not another (a merged session).
     */
    VANTAGES_DIFFER,
    /** Anything else worth saying. */
    OTHER
}
