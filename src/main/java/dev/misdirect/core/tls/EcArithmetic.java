package dev.misdirect.core.tls;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Elliptic-curve arithmetic for the JDK's own TLS, from BouncyCastle: a small JCA {@link Provider} named
 * {@value #NAME} that offers only ECDSA signatures (SHA-256/384/512), EC key generation and ECDH, and X25519/X448
 * key generation and agreement, each implemented by BouncyCastle (EC key generation and ECDSA through {@link EcKeyPairGeneration} and
 * {@link EcdsaSignature}, which keep BouncyCastle's precomputed tables per curve).
 *
 * <p>Why: the JDK 17 implementations of these are pure Java and slow (an ECDSA P-256 verification takes about
 * 1.7 ms, BouncyCastle's about 0.12 ms on the same machine), and a TLS 1.3 handshake needs several of them
 * (a key share per group type, the server's CertificateVerify). Installed ahead of the JDK's providers, the JDK's
 * TLS (SunJSSE: protocol, extensions, ciphers, record layer, trust decisions) stays exactly as it is and only asks
 * this provider for the arithmetic; nothing else (key stores, certificate parsing, AES, hashes, RSA) changes.
 *
 * <p>Process-wide by nature (JCA providers are): {@link #install()} is called once by the entry point before any
 * TLS is used. Setting the system property {@value #PROPERTY} to {@code jdk} (or the environment variable
 * {@value #ENV} to {@code jdk}) keeps the JDK's own arithmetic. Thread-safe.
 */
public final class EcArithmetic extends Provider {
    /** The provider's name in {@link Security#getProviders()}. */
    public static final String NAME = "MisdirectEC";
    /** System property that, set to {@code jdk}, keeps the JDK's own EC arithmetic. */
    public static final String PROPERTY = "misdirect.crypto";
    /** Environment variable with the same meaning as {@link #PROPERTY} (the property wins). */
    public static final String ENV = "MISDIRECT_CRYPTO";

    private static final long serialVersionUID = 1L;

    private static final String EC_KEYS = "java.security.interfaces.ECPublicKey|java.security.interfaces.ECPrivateKey";
    private static final String XEC_KEYS = "java.security.interfaces.XECPublicKey|java.security.interfaces.XECPrivateKey";

    /**
     * type, algorithm, implementation class name, keys it accepts (null: any). Names, not class literals: the
     * BouncyCastle jar is signed, and loading its first class verifies the whole jar (about half a second), which
     * should happen at the first handshake, not when the provider is installed at start-up.
     */
    private record Offer(String type, String algorithm, String implementation, String keyClasses) {
    }

    private static final String BC_EC = "org.bouncycastle.jcajce.provider.asymmetric.ec.";
    private static final String BC_EDEC = "org.bouncycastle.jcajce.provider.asymmetric.edec.";
    private static final String OWN = "dev.misdirect.core.tls.";

    private static final List<Offer> OFFERS = List.of(
            new Offer("Signature", "SHA256withECDSA", OWN + "EcdsaSignature$Sha256", EC_KEYS),
            new Offer("Signature", "SHA384withECDSA", OWN + "EcdsaSignature$Sha384", EC_KEYS),
            new Offer("Signature", "SHA512withECDSA", OWN + "EcdsaSignature$Sha512", EC_KEYS),
            new Offer("KeyPairGenerator", "EC", OWN + "EcKeyPairGeneration", null),
            new Offer("KeyAgreement", "ECDH", BC_EC + "KeyAgreementSpi$DH", EC_KEYS),
            new Offer("KeyPairGenerator", "XDH", BC_EDEC + "KeyPairGeneratorSpi$XDH", null),
            new Offer("KeyPairGenerator", "X25519", BC_EDEC + "KeyPairGeneratorSpi$X25519", null),
            new Offer("KeyPairGenerator", "X448", BC_EDEC + "KeyPairGeneratorSpi$X448", null),
            new Offer("KeyAgreement", "XDH", BC_EDEC + "KeyAgreementSpi$XDH", XEC_KEYS),
            new Offer("KeyAgreement", "X25519", BC_EDEC + "KeyAgreementSpi$X25519", XEC_KEYS),
            new Offer("KeyAgreement", "X448", BC_EDEC + "KeyAgreementSpi$X448", XEC_KEYS));

    /** A new provider instance (not installed). */
    public EcArithmetic() {
        super(NAME, "1.0", "Elliptic-curve arithmetic (ECDSA, ECDH, X25519, X448) from BouncyCastle for the JDK's TLS");
        for (Offer o : OFFERS) {
            Map<String, String> attributes = o.keyClasses() == null ? null : Map.of("SupportedKeyClasses", o.keyClasses());
            putService(new Service(this, o.type(), o.algorithm(), o.implementation(), null, attributes));
        }
    }

    /** The {@code type.algorithm} names this provider offers, e.g. {@code Signature.SHA256withECDSA}. */
    public static List<String> offered() {
        return OFFERS.stream().map(o -> o.type() + "." + o.algorithm()).toList();
    }

    /**
     * Puts the provider first in the process's provider list unless it is there already or the user chose the
     * JDK's arithmetic ({@value #PROPERTY}{@code =jdk}). Idempotent.
     *
     * @return true when the provider is installed after the call
     */
    public static synchronized boolean install() {
        if (isInstalled()) {
            return true;
        }
        if (jdkChosen()) {
            return false;
        }
        Security.insertProviderAt(new EcArithmetic(), 1);
        return true;
    }

    /**
     * {@link #install()} on a daemon thread named {@code misdirect-crypto-setup}, for a start-up that should not wait
     * for the JDK to load its provider list (about 50-90 ms). A handshake made before it finishes uses the JDK's own
     * arithmetic, with the same result.
     */
    public static void installInBackground() {
        Thread t = new Thread(EcArithmetic::install, "misdirect-crypto-setup");
        t.setDaemon(true);
        t.start();
    }

    /** Removes the provider from the process's provider list (benchmarks compare both). Idempotent. */
    public static synchronized void uninstall() {
        Security.removeProvider(NAME);
    }

    /** True when the provider is in the process's provider list. */
    public static boolean isInstalled() {
        return Security.getProvider(NAME) != null;
    }

    private static boolean jdkChosen() {
        String choice = Optional.ofNullable(System.getProperty(PROPERTY)).orElseGet(() -> System.getenv(ENV));
        return choice != null && choice.trim().toLowerCase(Locale.ROOT).equals("jdk");
    }
}
