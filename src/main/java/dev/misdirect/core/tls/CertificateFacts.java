package dev.misdirect.core.tls;

import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.model.CertificateInfo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
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
 * Reads the facts of X.509 certificates that matter for 421 diagnosis. Pure functions; thread-safe; never
 * blocks.
 */
public final class CertificateFacts {
    private CertificateFacts() {
    }

    /** The facts of one certificate. Malformed extensions yield empty values, never an exception. */
    public static CertificateInfo of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            sans = null;
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                Object value = san.get(1);
                if (type == 2 && value instanceof String s) {
                    dns.add(s);
                } else if (type == 7 && value instanceof String s) {
                    ips.add(canonicalIp(s));
                }
            }
        }
        byte[] der = encoded(cert);
        PublicKey key = cert.getPublicKey();
        return new CertificateInfo(
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                cert.getSerialNumber().toString(16),
                dns,
                ips,
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                key.getAlgorithm(),
                keyBits(key),
                cert.getSigAlgName(),
                fingerprint(der),
                Base64.getEncoder().encodeToString(sha256(key.getEncoded())),
                isSelfSigned(cert),
                cert.getBasicConstraints() >= 0,
                pem(der));
    }

    /** The facts of each certificate of a chain, in the same order. */
    public static List<CertificateInfo> ofChain(List<X509Certificate> chain) {
        return chain.stream().map(CertificateFacts::of).toList();
    }

    /**
     * Order problems in a served chain (leaf first, as TLS sends it): each certificate should be issued by
     * the next one. Returns sentences such as "certificate 2 (CN=Other CA) did not issue certificate 1
     * (issuer CN=Lab CA)"; empty when the order is right.
     */
    public static List<String> chainProblems(List<X509Certificate> chain) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate parent = chain.get(i + 1);
            String childIssuer = child.getIssuerX500Principal().getName(X500Principal.RFC2253);
            String parentSubject = parent.getSubjectX500Principal().getName(X500Principal.RFC2253);
            if (child.equals(parent)) {
                problems.add("certificate " + (i + 2) + " repeats certificate " + (i + 1));
            } else if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal()) || !verifies(child, parent.getPublicKey())) {
                problems.add("certificate " + (i + 2) + " (" + parentSubject + ") did not issue certificate " + (i + 1)
                        + " (issuer " + childIssuer + ")");
            }
        }
        if (chain.size() > 1 && chain.get(0).getBasicConstraints() >= 0) {
            problems.add("certificate 1 is a CA certificate, not a server certificate: the chain may be served in reverse");
        }
        return problems;
    }

    /** Subject equals issuer and the signature verifies with the certificate's own key. */
    public static boolean isSelfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && verifies(cert, cert.getPublicKey());
    }

    static boolean verifies(X509Certificate cert, PublicKey key) {
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Key size in bits: modulus for RSA/DSA, field size of the curve for EC, 255/448 for EdDSA; 0 when unknown. */
    public static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
        if (alg.equals("ED25519") || alg.equals("X25519")) {
            return 255;
        }
        if (alg.equals("ED448") || alg.equals("X448")) {
            return 448;
        }
        if (alg.equals("EDDSA") || alg.equals("XDH")) {
            // The JDK names the family only; the SPKI length tells the curve (44 bytes for 25519, 69 for 448).
            return key.getEncoded().length <= 44 ? 255 : 448;
        }
        return 0;
    }

    /** SHA-256 of the DER encoding, upper-case hex pairs separated by colons. */
    public static String fingerprint(byte[] der) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(der));
    }

    /** The certificate in PEM form (64-column base64, trailing newline). */
    public static String pem(byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * An IP literal in canonical text, without DNS: dotted quad for IPv4, RFC 5952 for IPv6 (an IPv4-mapped address
     * stays {@code ::ffff:a.b.c.d}, never its IPv4 address)
     * (lower case, longest run of zero groups compressed). Text that is not an IP literal is returned as is.
     */
    public static String canonicalIp(String literal) {
        // IpLiterals parses without DNS and keeps an IPv4-mapped IPv6 address apart from its IPv4 address
        return IpLiterals.canonicalText(literal).orElse(literal);
    }

    /** Text of raw address bytes: dotted quad for 4 bytes, RFC 5952 for 16. */
    public static String formatIp(byte[] bytes) {
        return IpLiterals.toText(bytes);
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

}
