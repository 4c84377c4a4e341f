package dev.misdirect.core.tls;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * EC key-pair generation for {@link EcArithmetic}: BouncyCastle's fixed-point comb multiplication on the NIST
 * curves P-256, P-384 and P-521, with the comb's precomputed table kept per curve for the life of the process
 * (BouncyCastle's own JCA generator rebuilds it for every new generator, and the JDK's TLS makes a new generator
 * for every key share). The keys returned are the JDK's own EC key objects, so every consumer sees ordinary
 * {@code ECPublicKey}/{@code ECPrivateKey}s. Other curves and explicit parameters go to BouncyCastle's generator.
 *
 * <p>Not for direct use: obtained through {@code KeyPairGenerator.getInstance("EC")} when {@link EcArithmetic} is
 * installed. An instance is used by one thread at a time, as JCA engines are.
 */
public final class EcKeyPairGeneration extends KeyPairGeneratorSpi {
    private record Curve(String name, ECDomainParameters domain, ECParameterSpec jdkSpec) {
    }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("secp256r1", "secp256r1"), Map.entry("p-256", "secp256r1"), Map.entry("prime256v1", "secp256r1"),
            Map.entry("1.2.840.10045.3.1.7", "secp256r1"),
            Map.entry("secp384r1", "secp384r1"), Map.entry("p-384", "secp384r1"), Map.entry("1.3.132.0.34", "secp384r1"),
            Map.entry("secp521r1", "secp521r1"), Map.entry("p-521", "secp521r1"), Map.entry("1.3.132.0.35", "secp521r1"));
    private static final java.util.List<String> CURVE_NAMES = java.util.List.of("secp256r1", "secp384r1", "secp521r1");
    private static final Map<Integer, String> BY_SIZE = Map.of(256, "secp256r1", 384, "secp384r1", 521, "secp521r1");
    private static final Map<String, Curve> CURVES = new ConcurrentHashMap<>();

    private Curve curve;
    private SecureRandom random;
    private KeyPairGenerator fallback;

    /** The JCA creates instances through this constructor. */
    public EcKeyPairGeneration() {
        initialize(256, null);
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        String name = BY_SIZE.get(keysize);
        if (name == null) {
            throw new InvalidParameterException("EC key size " + keysize + " is not one of 256, 384, 521");
        }
        use(curve(name), random);
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        Optional<String> name = Optional.empty();
        if (params instanceof ECGenParameterSpec g) {
            name = Optional.ofNullable(NAMES.get(g.getName().toLowerCase(Locale.ROOT)));
        } else if (params instanceof ECParameterSpec s) {
            name = CURVE_NAMES.stream().filter(n -> sameCurve(curve(n).jdkSpec(), s)).findFirst();
        }
        if (name.isPresent()) {
            use(curve(name.get()), random);
            return;
        }
        KeyPairGenerator other = new org.bouncycastle.jcajce.provider.asymmetric.ec.KeyPairGeneratorSpi.EC();
        other.initialize(params, random == null ? new SecureRandom() : random);
        this.fallback = other;
        this.curve = null;
    }

    @Override
    public KeyPair generateKeyPair() {
        if (fallback != null) {
            return fallback.generateKeyPair();
        }
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(curve.domain(), random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        var q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
        BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        try {
            KeyFactory keys = jdkKeyFactory();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return new KeyPair(keys.generatePublic(new ECPublicKeySpec(w, curve.jdkSpec())),
                    keys.generatePrivate(new ECPrivateKeySpec(d, curve.jdkSpec())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot hold an " + curve.name() + " key: " + e.getMessage(), e);
        }
    }

    private void use(Curve c, SecureRandom random) {
        this.curve = c;
        this.random = random == null ? new SecureRandom() : random;
        this.fallback = null;
    }

    private static Curve curve(String name) {
        return CURVES.computeIfAbsent(name, n -> {
            X9ECParameters x9 = CustomNamedCurves.getByName(n);
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC", "SunEC");
                p.init(new ECGenParameterSpec(n));
                return new Curve(n, new ECDomainParameters(x9), p.getParameterSpec(ECParameterSpec.class));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK does not know the curve " + n + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * BouncyCastle's domain parameters, with their cached tables, when {@code spec} is P-256, P-384 or P-521;
     * empty for any other curve. Thread-safe.
     */
    static Optional<ECDomainParameters> domainOf(ECParameterSpec spec) {
        if (spec == null) {
            return Optional.empty();
        }
        for (String n : CURVE_NAMES) {
            Curve c = curve(n);
            if (c.jdkSpec() == spec) {
                return Optional.of(c.domain());
            }
        }
        int bits = spec.getOrder().bitLength();
        String candidate = bits == 256 ? "secp256r1" : bits == 384 ? "secp384r1" : bits == 521 ? "secp521r1" : null;
        if (candidate != null && sameCurve(curve(candidate).jdkSpec(), spec)) {
            return Optional.of(curve(candidate).domain());
        }
        return Optional.empty();
    }

    private static KeyFactory jdkKeyFactory() throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("EC", "SunEC");
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC");
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
