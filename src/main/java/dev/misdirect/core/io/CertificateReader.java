package dev.misdirect.core.io;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.tls.CertificateFacts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Reads certificates found in captures (PEM text as Chromium logs them, bare base64, or DER) into
 * {@link CertificateInfo}, with the same facts a probe records ({@link CertificateFacts}), so an imported
 * certificate and a probed one compare equal. Stateless and thread-safe; never blocks on I/O.
 */
public final class CertificateReader {
    private CertificateReader() {
    }

    /**
     * Parses one certificate from PEM text (with or without the BEGIN/END lines) or from DER bytes.
     *
     * @throws CertificateException when the bytes are not an X.509 certificate
     */
    public static CertificateInfo read(byte[] pemOrDer) throws CertificateException {
        byte[] input = pemOrDer;
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN") && text.strip().matches("[A-Za-z0-9+/=\\s]+")) {
            try {
                input = Base64.getMimeDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                throw new CertificateException("neither PEM, base64 nor DER: " + e.getMessage(), e);
            }
        }
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(input));
        return CertificateFacts.of(cert);
    }

    /** Parses one PEM certificate. */
    public static CertificateInfo readPem(String pem) throws CertificateException {
        return read(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
