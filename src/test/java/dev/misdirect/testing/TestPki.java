package dev.misdirect.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Throw-away certificates for tests, minted with BouncyCastle. EC P-256 keys unless RSA is asked for. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffff);

    private TestPki() {
    }

    /** A certificate and its key; {@code chain} is the certificate then its issuer (when not self-signed). */
    public record Issued(X509Certificate cert, PrivateKey key, List<X509Certificate> chain) {
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA valid from a day ago for a year. */
    public static Issued ca(String cn) {
        KeyPair kp = ecKey();
        X509Certificate c = build(cn, cn, kp, kp.getPrivate(), true, List.of(), List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        return new Issued(c, kp.getPrivate(), List.of(c));
    }

    /** An intermediate CA issued by {@code ca}; its chain is itself then {@code ca}. */
    public static Issued intermediate(Issued ca, String cn) {
        KeyPair kp = ecKey();
        X509Certificate c = build(cn, subjectCn(ca.cert()), kp, ca.key(), true, List.of(), List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c);
        chain.addAll(ca.chain());
        return new Issued(c, kp.getPrivate(), chain);
    }

    /** A server certificate for these names issued by {@code ca}, valid from a day ago for a year. */
    public static Issued leaf(Issued ca, String cn, List<String> dnsNames, List<String> ips) {
        return leaf(ca, cn, dnsNames, ips, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    public static Issued leaf(Issued ca, String cn, List<String> dnsNames, List<String> ips, Instant notBefore, Instant notAfter) {
        KeyPair kp = ecKey();
        X509Certificate c = build(cn, subjectCn(ca.cert()), kp, ca.key(), false, dnsNames, ips, notBefore, notAfter);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c);
        chain.addAll(ca.chain());
        return new Issued(c, kp.getPrivate(), chain);
    }

    /** A self-signed server certificate (not a CA). */
    public static Issued selfSigned(String cn, List<String> dnsNames) {
        KeyPair kp = ecKey();
        X509Certificate c = build(cn, cn, kp, kp.getPrivate(), false, dnsNames, List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        return new Issued(c, kp.getPrivate(), List.of(c));
    }

    /** A certificate with a caller-supplied key pair (e.g. RSA), issued by {@code ca}. */
    public static Issued leafWithKey(Issued ca, String cn, List<String> dnsNames, KeyPair kp) {
        X509Certificate c = build(cn, subjectCn(ca.cert()), kp, ca.key(), false, dnsNames, List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        return new Issued(c, kp.getPrivate(), List.of(c, ca.cert()));
    }

    private static String subjectCn(X509Certificate c) {
        return c.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static X509Certificate build(String cn, String issuerCn, KeyPair subject, PrivateKey signer, boolean ca,
                                         List<String> dns, List<String> ips, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + cn), subject.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint test certificate " + cn + ": " + e, e);
        }
    }

    /** Writes certificates as PEM. */
    public static Path writePem(Path file, List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : certs) {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            return Files.writeString(file, sb.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a private key as unencrypted PKCS#8 PEM. */
    public static Path writeKeyPem(Path file, PrivateKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        try {
            return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
