package dev.misdirect.core.io;

import dev.misdirect.core.model.CertificateInfo;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Reads certificates found in captures (PEM text as Chromium logs them, or DER) into {@link CertificateInfo}
 * with plain JDK APIs. Stateless and thread-safe; never blocks on I/O.
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
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        byte[] input = pemOrDer;
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN") && text.strip().matches("[A-Za-z0-9+/=\\s]+")) {
            input = Base64.getMimeDecoder().decode(text.strip());
        }
        X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(input));
        return facts(cert);
    }

    /** Parses one PEM certificate. */
    public static CertificateInfo readPem(String pem) throws CertificateException {
        return read(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The facts of a parsed certificate. */
    public static CertificateInfo facts(X509Certificate cert) throws CertificateException {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        dns.add(String.valueOf(san.get(1)));
                    } else if (type == 7) {
                        ips.add(canonicalIp(String.valueOf(san.get(1))));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subjectAltName: " + e.getMessage(), e);
        }
        byte[] der = cert.getEncoded();
        PublicKey key = cert.getPublicKey();
        return new CertificateInfo(
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                cert.getSerialNumber().toString(16),
                dns, ips,
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                key.getAlgorithm(), keyBits(key), cert.getSigAlgName(),
                HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(der)),
                Base64.getEncoder().encodeToString(sha256(key.getEncoded())),
                selfSigned(cert), cert.getBasicConstraints() >= 0,
                "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                        + "\n-----END CERTIFICATE-----\n");
    }

    private static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        String alg = key.getAlgorithm().toLowerCase(Locale.ROOT);
        return alg.equals("ed25519") ? 255 : alg.equals("ed448") ? 448 : 0;
    }

    private static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String canonicalIp(String text) {
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            return text;
        }
        try {
            // a literal never triggers a lookup; getSubjectAlternativeNames gives IP SANs as literals already; this only normalises the form
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return text;
        }
    }
}
