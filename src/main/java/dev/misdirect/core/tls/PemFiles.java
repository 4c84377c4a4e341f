package dev.misdirect.core.tls;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
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

    /** Every certificate in a PEM file, in file order; at least one, or an error. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsFileException {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        try (Reader r = pemReader(file); PEMParser p = new PEMParser(r)) {
            for (Object o; (o = p.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(conv.getCertificate(h));
                }
            }
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + ": no such file");
        } catch (InputTooLargeException e) {
            throw new TlsFileException(e.getMessage(), e);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsFileException(file + ": not a readable PEM certificate file: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(file + ": no certificate found (expected -----BEGIN CERTIFICATE----- blocks)");
        }
        return certs;
    }

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
