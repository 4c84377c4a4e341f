package dev.misdirect.core.model;

/** How far a probe of one address got. */
public enum HandshakeStatus {
    /** TCP connected and TLS completed (the certificate may still be bad: see the verdict). */
    OK,
    /** TCP connect refused (RST to SYN: nothing listening). */
    REFUSED,
    /** TCP connect did not complete in time. */
    CONNECT_TIMEOUT,
    /** The connection was reset or closed during the handshake. */
    RESET,
    /** The TLS handshake did not complete in time. */
    TLS_TIMEOUT,
    /** The TLS handshake failed with an alert or protocol error. */
    TLS_FAILED,
    /** The probe was cancelled before it finished. */
    CANCELLED,
    /** Anything else (no route, unreachable). */
    ERROR
}
