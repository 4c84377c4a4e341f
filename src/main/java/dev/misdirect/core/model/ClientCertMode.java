package dev.misdirect.core.model;

/** What a server does about client certificates for one name, learned by handshakes that offer none. */
public enum ClientCertMode {
    /** No CertificateRequest was sent. */
    NONE("asks for none"),
    /** A CertificateRequest was sent, and the handshake went on without a certificate (Apache {@code optional}). */
    REQUESTED("requests one (optional)"),
    /** A CertificateRequest was sent, and the server ended the handshake without a certificate (Apache {@code require}). */
    REQUIRED("requires one"),
    /** No handshake got far enough to tell. */
    UNKNOWN("not known");

    private final String inSentence;

    ClientCertMode(String inSentence) {
        this.inSentence = inSentence;
    }

    /** How the mode reads after a name in a sentence ("b.example requires one"). */
    public String inSentence() {
        return inSentence;
    }
}
