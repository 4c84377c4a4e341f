package dev.misdirect.core.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "SSLHandshakeException: Received fatal alert: certificate_required|CLIENT_CERTIFICATE_REQUIRED",
            "SocketException: Broken pipe (the server asked for a client certificate in the handshake and the client had none to send)|CLIENT_CERTIFICATE_REQUIRED",
            "SSLHandshakeException: Received fatal alert: protocol_version|PROTOCOL_VERSION",
            "SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)|PROTOCOL_VERSION",
            "SSLHandshakeException: PKIX path building failed: unable to find valid certification path|UNKNOWN_CA",
            "SSLPeerUnverifiedException: Hostname b.lab.test not verified|NAME_NOT_COVERED",
            "SocketException: Connection reset|RESET",
            "SocketTimeoutException: connect timed out|TIMEOUT",
            "ConnectException: Connection refused|REFUSED",
            "UnknownHostException: nowhere.test|NAME_NOT_RESOLVED",
            "SSLHandshakeException: Received fatal alert: handshake_failure|HANDSHAKE_FAILURE",
            "IOException: something odd|OTHER"})
    void a_java_failure_is_named_by_its_kind(String message, FailureKind expected) {
        assertThat(FailureKind.ofMessage(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} alert {1} → {2}")
    @CsvSource({
            "ERR_BAD_SSL_CLIENT_AUTH_CERT, -1, CLIENT_CERTIFICATE_REQUIRED",
            "ERR_SSL_PROTOCOL_ERROR, 116, CLIENT_CERTIFICATE_REQUIRED",
            "ERR_SSL_VERSION_OR_CIPHER_MISMATCH, -1, PROTOCOL_VERSION",
            "ERR_SSL_PROTOCOL_ERROR, 70, PROTOCOL_VERSION",
            "ERR_CERT_AUTHORITY_INVALID, -1, UNKNOWN_CA",
            "ERR_CONNECTION_RESET, -1, RESET",
            "ERR_CONNECTION_TIMED_OUT, -1, TIMEOUT",
            "ERR_SSL_PROTOCOL_ERROR, -1, HANDSHAKE_FAILURE",
            "ERR_FAILED, -1, OTHER"})
    void a_chromium_failure_is_named_by_its_error_and_alert(String error, int alert, FailureKind expected) {
        assertThat(FailureKind.ofChromium(error, alert < 0 ? Optional.empty() : Optional.of(alert))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CLIENT_CERTIFICATE_REQUIRED, client certificate", "PROTOCOL_VERSION, TLS version",
            "UNKNOWN_CA, CA", "RESET, error log", "TIMEOUT, reachable"})
    void each_kind_has_its_own_fix_not_the_generic_one(FailureKind kind, String fixMentions) {
        assertThat(kind.fix()).contains(fixMentions).isNotEqualTo(FailureKind.OTHER.fix());
    }
}
