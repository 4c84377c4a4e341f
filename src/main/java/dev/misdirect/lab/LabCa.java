package dev.misdirect.lab;

import dev.misdirect.core.files.AtomicFiles;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lab's throw-away certificate authority: an EC P-256 CA and the leaf certificates the scenarios need,
 * kept as PEM files in one directory ({@code <misdirect home>/lab}). Private keys are written owner-only
 * (POSIX 600, directory 700). Nothing is ever installed in a trust store: clients trust {@link #caCertificate()}
 * explicitly for lab runs.
 *
 * <p>Thread-safe: every method synchronises on the instance. Methods block on file I/O and key generation
 * (milliseconds). Failures to read or write the directory surface as {@link UncheckedIOException}; a damaged
 * file is not an error, it is replaced.
 */
public final class LabCa {
    /** Validity of a new CA certificate. */
    public static final Duration CA_VALIDITY = Duration.ofDays(365);
    /** Validity of a new leaf certificate. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    /** A certificate with less than this left is regenerated. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private static final String CA_CERT = "ca.pem";
    private static final String CA_KEY = "ca-key.pem";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Clock clock;
    private X509Certificate caCert;
    private PrivateKey caKey;

    private LabCa(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * The CA kept in {@code dir}: loaded when present and valid for at least {@link #RENEW_BEFORE}, created (or
     * re-created) otherwise.
     */
    public static LabCa open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the clock that decides expiry (tests move it). */
    public static LabCa open(Path dir, Clock clock) {
        LabCa ca = new LabCa(dir.toAbsolutePath(), clock);
        synchronized (ca) {
            ca.loadOrCreate();
        }
        return ca;
    }

    /** The CA in the app data directory: {@link #defaultDirectory()}. */
    public static LabCa openDefault() {
        return open(defaultDirectory());
    }

    /**
     * {@code <home>/lab}, where home is the system property {@code misdirect.home} when set, else
     * {@code ~/.misdirect}.
     */
    public static Path defaultDirectory() {
        String home = System.getProperty("misdirect.home");
        Path base = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".misdirect");
        return base.resolve("lab");
    }

    /** The directory holding the CA and leaf files. */
    public Path directory() {
        return dir;
    }

    /** The CA certificate clients must trust for lab runs. */
    public synchronized X509Certificate caCertificate() {
        return caCert;
    }

    /** The CA certificate as a PEM file (for {@code curl --cacert}). */
    public synchronized Path caPemPath() {
        return dir.resolve(CA_CERT);
    }

    /** Throws the CA and every leaf away and mints a new CA. Running labs keep their old certificates. */
    public synchronized void regenerate() {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".pem")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear lab CA directory " + dir, e);
        }
        createCa();
    }

    /**
     * A leaf certificate for exactly these DNS names (wildcards allowed), signed by this CA, kept on disk as
     * {@code leaf-<id>.pem} and {@code leaf-<id>-key.pem}. Reused when the stored one has the same names, was
     * signed by the current CA and is not near expiry; minted otherwise.
     *
     * @param id       file-name-safe identifier ({@code [a-z0-9-]+})
     * @param dnsNames the subjectAltName dNSName entries, at least one
     */
    public synchronized LeafCredential leaf(String id, List<String> dnsNames) {
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("leaf id '" + id + "' must match [a-z0-9-]+");
        }
        if (dnsNames.isEmpty()) {
            throw new IllegalArgumentException("leaf '" + id + "' needs at least one DNS name");
        }
        Path certFile = dir.resolve("leaf-" + id + ".pem");
        Path keyFile = dir.resolve("leaf-" + id + "-key.pem");
        try {
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                X509Certificate cert = readCertificate(certFile);
                if (usable(cert) && issuedByCurrentCa(cert) && sameNames(cert, dnsNames)) {
                    return new LeafCredential(id, cert, readKey(keyFile), caCert);
                }
            }
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            // a damaged or foreign file is replaced below
        }
        KeyPair kp = newKeyPair();
        X509Certificate cert = signLeaf(kp, dnsNames);
        writeKey(keyFile, kp.getPrivate());
        writeAtomically(certFile, pem(cert), false);
        return new LeafCredential(id, cert, kp.getPrivate(), caCert);
    }

    private void loadOrCreate() {
        try {
            ensureDirectory();
            Path certFile = dir.resolve(CA_CERT);
            Path keyFile = dir.resolve(CA_KEY);
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                try {
                    X509Certificate cert = readCertificate(certFile);
                    PrivateKey key = readKey(keyFile);
                    if (usable(cert) && cert.getBasicConstraints() >= 0) {
                        caCert = cert;
                        caKey = key;
                        return;
                    }
                } catch (IOException | RuntimeException | GeneralSecurityException e) {
                    // damaged: replaced below
                }
            }
            createCa();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare lab CA directory " + dir, e);
        }
    }

    private void createCa() {
        try {
            ensureDirectory();
            KeyPair kp = newKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "Misdirect lab CA " + HexFormat.of().toHexDigits(RANDOM.nextInt()))
                    .addRDN(BCStyle.O, "Misdirect lab (throw-away, never installed)").build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            writeKey(dir.resolve(CA_KEY), kp.getPrivate());
            writeAtomically(dir.resolve(CA_CERT), pem(cert), false);
            caCert = cert;
            caKey = kp.getPrivate();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot mint the lab CA: " + e.getMessage(), e);
        }
    }

    private X509Certificate signLeaf(KeyPair kp, List<String> dnsNames) {
        try {
            Instant now = clock.instant();
            Instant notAfter = now.plus(LEAF_VALIDITY);
            if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
                notAfter = caCert.getNotAfter().toInstant();
            }
            GeneralName[] sans = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(notAfter),
                    new X500NameBuilder(BCStyle.INSTANCE)
                            .addRDN(BCStyle.CN, dnsNames.get(0)).addRDN(BCStyle.O, "Misdirect lab").build(), kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new AuthorityKeyIdentifier(subjectKeyId(caCert.getPublicKey()).getKeyIdentifier()));
            return sign(b, caKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot mint a lab leaf for " + dnsNames + ": " + e.getMessage(), e);
        }
    }

    /**
     * RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. Computed with the JDK digest because
     * BouncyCastle's JcaX509ExtensionUtils costs over a second of class loading on a cold start.
     */
    private static SubjectKeyIdentifier subjectKeyId(PublicKey key) throws GeneralSecurityException {
        byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        return new SubjectKeyIdentifier(MessageDigest.getInstance("SHA-1").digest(bits));
    }

    private boolean usable(X509Certificate cert) {
        Instant now = clock.instant();
        return !cert.getNotBefore().toInstant().isAfter(now)
                && cert.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
    }

    private boolean issuedByCurrentCa(X509Certificate cert) {
        try {
            cert.verify(caCert.getPublicKey());
            return cert.getIssuerX500Principal().equals(caCert.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean sameNames(X509Certificate cert, List<String> dnsNames) throws GeneralSecurityException {
        Set<String> have = new TreeSet<>();
        if (cert.getSubjectAlternativeNames() != null) {
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                if (Integer.valueOf(GeneralName.dNSName).equals(san.get(0))) {
                    have.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                }
            }
        }
        Set<String> want = new TreeSet<>();
        dnsNames.forEach(n -> want.add(n.toLowerCase(Locale.ROOT)));
        return have.equals(want);
    }

    private void ensureDirectory() throws IOException {
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private void writeKey(Path file, PrivateKey key) {
        try {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            }
            writeAtomically(file, sw.toString(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lab key " + file, e);
        }
    }

    private void writeAtomically(Path file, String text, boolean secret) {
        try {
            AtomicFiles.writeString(file, text, secret ? AtomicFiles.OWNER_ONLY : AtomicFiles.READABLE_BY_ALL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            X509CertificateHolder holder = b.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The certificate as PEM text. */
    static String pem(X509Certificate cert) {
        try {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(cert);
            }
            return sw.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds no certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = p.readObject();
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(file + " holds no PKCS#8 private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    @Override
    public String toString() {
        return "LabCa[" + dir + ", " + Objects.requireNonNull(caCert).getSubjectX500Principal() + "]";
    }
}
