package dev.misdirect.core.model;

/** What kind of host an authority names. IP literals are never sent as SNI (RFC 6066 §3). */
public enum HostKind {
    /** A DNS name, stored as its A-label (ASCII) form. */
    DNS,
    /** An IPv4 literal such as {@code 192.0.2.1}. */
    IPV4,
    /** An IPv6 literal, stored without brackets in RFC 5952 canonical form. */
    IPV6
}
