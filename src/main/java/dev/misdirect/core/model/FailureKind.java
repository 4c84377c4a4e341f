package dev.misdirect.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of failure stopped a connection or a request that got no response, with the words that name it and the
 * fix that fits it. Told from a Java exception's text (replay) or from Chromium's net error name and the TLS alert it
 * received (NetLog import). Pure.
 */
public enum FailureKind {
    /** The server asked for a client certificate and refused the handshake without an acceptable one. */
    CLIENT_CERTIFICATE_REQUIRED(FindingCause.TLS_FAILURE, "handshake refused: the server requires a client certificate",
            "Present a client certificate issued by a CA the server accepts for this name (replay: --cert FILE --key "
                    + "FILE; a browser needs one in its certificate store), or stop requiring one for this name on the "
                    + "server. A client that has none can never load this name."),
    /** Client and server share no TLS version (or no cipher suite). */
    PROTOCOL_VERSION(FindingCause.TLS_FAILURE, "handshake refused: the client and the server share no TLS version "
            + "or cipher suite",
            "Let this name accept a TLS version and cipher suite the client offers (TLS 1.2 and 1.3 with current "
                    + "AEAD suites are offered by every current client), or update the client."),
    /** The served chain does not lead to a CA the client trusts (or the server did not trust the client's). */
    UNKNOWN_CA(FindingCause.CERT_UNTRUSTED, "certificate not trusted: it was not issued by a CA the other side trusts",
            "Serve the full chain up to a CA the client trusts, or make the client trust the issuing CA "
                    + "(replay: --cacert FILE)."),
    /** The served certificate does not cover the requested name. */
    NAME_NOT_COVERED(FindingCause.NAME_NOT_COVERED, "certificate does not cover the requested name",
            "Serve a certificate whose subjectAltName covers this name on every address it resolves to."),
    /** Another TLS handshake failure (an alert not listed above, a malformed message). */
    HANDSHAKE_FAILURE(FindingCause.TLS_FAILURE, "TLS handshake failed",
            "Compare this name's TLS settings on the server (versions, cipher suites, client-certificate mode) with "
                    + "what the client offers; the server's error log names the reason."),
    /** The peer reset or closed the connection mid-way. */
    RESET(FindingCause.CONNECT_FAILURE, "connection reset: the peer closed it without an answer",
            "Something closed the connection before answering: read the server's error log, and check any load "
                    + "balancer, proxy or firewall between the client and the server."),
    /** Nothing answered in time. */
    TIMEOUT(FindingCause.CONNECT_FAILURE, "timed out: no answer in time",
            "Check that the address is reachable from the client and the port is open (firewall, --resolve); if the "
                    + "server is only slow, allow more time (replay: --timeout SECONDS)."),
    /** Nothing listens on the port. */
    REFUSED(FindingCause.CONNECT_FAILURE, "connection refused: nothing listens on that address and port",
            "Check the port, and that the name resolves to the address where the server listens (--resolve)."),
    /** The name did not resolve. */
    NAME_NOT_RESOLVED(FindingCause.DNS_FAILURE, "the name did not resolve",
            "Check the name's DNS records, or give its address (--resolve HOST:PORT:ADDR)."),
    /** Anything else. */
    OTHER(FindingCause.OTHER, "failed without a response",
            "Check that the name resolves, the port listens and the certificate is trusted (--resolve, --cacert).");

    private final FindingCause cause;
    private final String words;
    private final String fix;

    FailureKind(FindingCause cause, String words, String fix) {
        this.cause = cause;
        this.words = words;
        this.fix = fix;
    }

    /** The finding cause a failure of this kind files under. */
    public FindingCause cause() {
        return cause;
    }

    /** The failure named in words: "handshake refused: the server requires a client certificate". */
    public String words() {
        return words;
    }

    /** The fix that fits this kind of failure. */
    public String fix() {
        return fix;
    }

    /**
     * The kind of a failure described by a Java exception's text ({@code SSLHandshakeException: Received fatal alert:
     * certificate_required}, {@code SocketTimeoutException: connect timed out}, ...).
     */
    public static FailureKind ofMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("certificate_required") || m.contains("bad_certificate") && m.contains("alert")
                || m.contains("client certificate")) {
            return CLIENT_CERTIFICATE_REQUIRED;
        }
        if (m.contains("protocol_version") || m.contains("no appropriate protocol")
                || m.contains("insufficient_security") || m.contains("no negotiable cipher")) {
            return PROTOCOL_VERSION;
        }
        if (m.contains("unknown_ca") || m.contains("pkix") || m.contains("certification path")
                || m.contains("peer not authenticated")) {
            return UNKNOWN_CA;
        }
        if (m.contains("peerunverified") && m.contains("hostname") || m.contains("no subject alternative")) {
            return NAME_NOT_COVERED;
        }
        if (m.contains("unknownhost") || m.contains("name or service not known") || m.contains("did not resolve")) {
            return NAME_NOT_RESOLVED;
        }
        if (m.contains("connection refused")) {
            return REFUSED;
        }
        if (m.contains("timed out") || m.contains("timeout")) {
            return TIMEOUT;
        }
        if (m.contains("connection reset") || m.contains("broken pipe") || m.contains("unexpected end of stream")
                || m.contains("remote host terminated")) {
            return RESET;
        }
        if (m.contains("handshake") || m.contains("ssl") || m.contains("alert")) {
            return HANDSHAKE_FAILURE;
        }
        return OTHER;
    }

    /**
     * The kind of a failure Chromium logged as {@code errorName} ({@code ERR_BAD_SSL_CLIENT_AUTH_CERT}, from the
     * capture's own {@code netError} table), refined by the TLS alert it received, when one was logged (RFC 8446
     * §6 alert descriptions: 116 certificate_required, 70 protocol_version, 48 unknown_ca, ...).
     */
    public static FailureKind ofChromium(String errorName, Optional<Integer> alert) {
        if (alert.isPresent()) {
            switch (alert.get()) {
                case 116, 42 -> {
                    return CLIENT_CERTIFICATE_REQUIRED;
                }
                case 70, 71 -> {
                    return PROTOCOL_VERSION;
                }
                case 48 -> {
                    return UNKNOWN_CA;
                }
                default -> {
                }
            }
        }
        return switch (errorName) {
            case "ERR_BAD_SSL_CLIENT_AUTH_CERT", "ERR_SSL_CLIENT_AUTH_CERT_NEEDED",
                    "ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS" -> CLIENT_CERTIFICATE_REQUIRED;
            case "ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "ERR_SSL_VERSION_INTERFERENCE",
                    "ERR_SSL_OBSOLETE_VERSION_OR_CIPHER" -> PROTOCOL_VERSION;
            case "ERR_CERT_AUTHORITY_INVALID" -> UNKNOWN_CA;
            case "ERR_CERT_COMMON_NAME_INVALID" -> NAME_NOT_COVERED;
            case "ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE",
                    "ERR_HTTP2_PROTOCOL_ERROR" -> RESET;
            case "ERR_CONNECTION_TIMED_OUT", "ERR_TIMED_OUT" -> TIMEOUT;
            case "ERR_CONNECTION_REFUSED" -> REFUSED;
            case "ERR_NAME_NOT_RESOLVED", "ERR_NAME_RESOLUTION_FAILED" -> NAME_NOT_RESOLVED;
            case "ERR_SSL_PROTOCOL_ERROR", "ERR_SSL_HANDSHAKE_NOT_COMPLETED", "ERR_BAD_SSL_CLIENT_AUTH_CERT_ALERT" ->
                    HANDSHAKE_FAILURE;
            default -> errorName.startsWith("ERR_SSL_") ? HANDSHAKE_FAILURE : OTHER;
        };
    }

    /** The RFC 8446 §6 name of a TLS alert description: 116 → "certificate_required". */
    public static String alertName(int description) {
        return switch (description) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 43 -> "unsupported_certificate";
            case 44 -> "certificate_revoked";
            case 45 -> "certificate_expired";
            case 46 -> "certificate_unknown";
            case 47 -> "illegal_parameter";
            case 48 -> "unknown_ca";
            case 49 -> "access_denied";
            case 50 -> "decode_error";
            case 51 -> "decrypt_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 90 -> "user_canceled";
            case 109 -> "missing_extension";
            case 110 -> "unsupported_extension";
            case 112 -> "unrecognized_name";
            case 116 -> "certificate_required";
            case 120 -> "no_application_protocol";
            default -> "alert " + description;
        };
    }
}
