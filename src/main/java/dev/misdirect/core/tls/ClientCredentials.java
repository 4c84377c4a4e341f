package dev.misdirect.core.tls;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client certificate chain and its private key, offered when a server asks for a client certificate.
 *
 * @param chain the client certificate first, then any intermediates
 * @param key   the private key of the first certificate
 */
public record ClientCredentials(List<X509Certificate> chain, PrivateKey key) {
    private static final char[] IN_MEMORY_PASSWORD = "misdirect".toCharArray();

    public ClientCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a client certificate chain needs at least one certificate");
        }
    }

    /**
     * Reads a PEM certificate (chain) and a PEM private key (PKCS#8, or traditional EC/RSA). Blocks on the files.
     *
     * @throws TlsFileException naming the file when it cannot be read, holds no certificate or key, or the key
     *                          does not belong to the certificate
     */
    public static ClientCredentials fromPem(Path certFile, Path keyFile) throws TlsFileException {
        List<X509Certificate> chain = PemFiles.readCertificates(certFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new TlsFileException(keyFile + ": this private key does not belong to the certificate in " + certFile);
        }
        return new ClientCredentials(chain, key);
    }

    /**
     * Reads the first key entry of a PKCS#12 file. Blocks on the file.
     *
     * @throws TlsFileException naming the file when it cannot be read, the password is wrong, or it holds no key
     */
    public static ClientCredentials fromPkcs12(Path file, char[] password) throws TlsFileException {
        KeyStore ks;
        try (InputStream in = BoundedFiles.open(file, BoundedFiles.CREDENTIAL_FILE_BYTES, "a PKCS#12 file")) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + ": no such file");
        } catch (InputTooLargeException e) {
            throw new TlsFileException(e.getMessage(), e);
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong password (or not a PKCS#12 file)" : "not a readable PKCS#12 file: " + e.getMessage();
            throw new TlsFileException(file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file + ": not a readable PKCS#12 file: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Key key = ks.getKey(alias, password);
                    Certificate[] certs = ks.getCertificateChain(alias);
                    if (key instanceof PrivateKey pk && certs != null && certs.length > 0) {
                        return new ClientCredentials(Arrays.stream(certs).map(c -> (X509Certificate) c).toList(), pk);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file + ": the key cannot be read with this password: " + e.getMessage(), e);
        }
        throw new TlsFileException(file + ": no private key with a certificate chain in this PKCS#12 file");
    }

    /** A key manager offering these credentials whatever the server asks for. */
    public X509ExtendedKeyManager keyManager() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, IN_MEMORY_PASSWORD);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedKeyManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("client credentials cannot be loaded into a key store: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} signs what {@code cert}'s public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (alg == null) {
            return true;
        }
        try {
            byte[] probe = "misdirect key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
