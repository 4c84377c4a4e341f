package dev.misdirect.core.model;

/** How likely an origin is to answer 421 when two authorities share a connection. */
public enum MisdirectRisk {
    /** Not shared, or shared with identical certificate and TLS settings behind it. */
    NONE,
    /** Shared; some server families would refuse (e.g. routing by SNI, strict SNI/Host checks). */
    POSSIBLE,
    /** Shared across differing certificates, TLS settings or client-certificate demands: Apache/nginx answer 421. */
    LIKELY
}
