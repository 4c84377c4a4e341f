package dev.misdirect.core.tls;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PEM files: CA bundles, certificate chains and private keys (PKCS#8 {@code PRIVATE KEY}, or the
 * traditional {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}). Blocks on the file; every failure is a
 * {@link TlsFileException} naming the file and the reason.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** The file as ASCII text, read no further than {@link BoundedFiles#CREDENTIAL_FILE_BYTES}. */
    private static Reader pemReader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(
                BoundedFiles.open(file, BoundedFiles.CREDENTIAL_FILE_BYTES, "a PEM file"), StandardCharsets.US_ASCII));
    }

    /** The labels of a certificate block: RFC 7468's and the two older ones it lets parsers accept (section 5.1). */
    private static final List<String> CERTIFICATE_LABELS = List.of("CERTIFICATE", "X509 CERTIFICATE",
            "X.509 CERTIFICATE");

    /**
     * Every certificate in a PEM file, in file order; at least one, or an error. Other blocks (a key beside the
     * chain) and text between blocks are passed over. Each certificate block is decoded by the JDK's
     * {@link CertificateFactory}, which a probe loads anyway, so a CA file costs the command line no other library.
     */
    public static List<X509Certificate> readCertificates(Path file) throws TlsFileException {
        String text;
        try {
            text = new String(BoundedFiles.readBytes(file, BoundedFiles.CREDENTIAL_FILE_BYTES, "a PEM file"),
                    StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + ": no such file");
        } catch (InputTooLargeException e) {
            throw new TlsFileException(e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsFileException(file + ": not a readable PEM certificate file: " + e.getMessage(), e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int begin = text.indexOf(BEGIN); begin >= 0; ) {
                int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
                if (labelEnd < 0) {
                    throw new TlsFileException(file + ": not a readable PEM certificate file: a block begins ("
                            + BEGIN + ") but its header line does not end with " + DASHES);
                }
                String label = text.substring(begin + BEGIN.length(), labelEnd);
                String footer = "-----END " + label + DASHES;
                int footerAt = text.indexOf(footer, labelEnd);
                if (footerAt < 0) {
                    throw new TlsFileException(file + ": not a readable PEM certificate file: " + BEGIN + label
                            + DASHES + " has no " + footer);
                }
                int end = footerAt + footer.length();
                if (CERTIFICATE_LABELS.contains(label)) {
                    byte[] block = text.substring(begin, end).getBytes(StandardCharsets.ISO_8859_1);
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block)));
                }
                begin = text.indexOf(BEGIN, end);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsFileException(file + ": not a readable PEM certificate file: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(file + ": no certificate found (expected -----BEGIN CERTIFICATE----- blocks)");
        }
        return certs;
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    /** The CA certificates of every file, in order. */
    public static List<X509Certificate> readCaFiles(List<Path> files) throws TlsFileException {
        List<X509Certificate> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(readCertificates(f));
        }
        return all;
    }

    /** The first private key in a PEM file. Encrypted keys are refused with a hint. */
    public static PrivateKey readPrivateKey(Path file) throws TlsFileException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try (Reader r = pemReader(file); PEMParser p = new PEMParser(r)) {
            for (Object o; (o = p.readObject()) != null; ) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsFileException(file + ": the private key is encrypted; decrypt it first "
                            + "(openssl pkey -in " + file.getFileName() + " -out key.pem)");
                }
            }
        } catch (TlsFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + ": no such file");
        } catch (InputTooLargeException e) {
            throw new TlsFileException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(file + ": not a readable PEM key file: " + e.getMessage(), e);
        }
        throw new TlsFileException(file + ": no private key found (expected -----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)");
    }
}
