package dev.misdirect.lab;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A leaf certificate of the lab CA with its private key.
 *
 * @param id          the lab's name for it (also its file name stem)
 * @param certificate the leaf
 * @param privateKey  its EC P-256 key
 * @param issuer      the lab CA certificate that signed it
 */
public record LeafCredential(String id, X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
    /** Leaf then CA, the chain a server sends. */
    public X509Certificate[] chain() {
        return new X509Certificate[]{certificate, issuer};
    }
}
