package dev.misdirect.core.model;

/** What a server does about client certificates for one name, learned by handshakes that offer none. */
public enum ClientCertMode {
    /** No CertificateRequest was sent. */
    NONE,
    /** A CertificateRequest was sent, and the handshake went on without a certificate (Apache {@code optional}). */
    REQUESTED,
    /** A CertificateRequest was sent, and the server ended the handshake without a certificate (Apache {@code require}). */
    REQUIRED,
    /** No handshake got far enough to tell. */
    UNKNOWN
}
