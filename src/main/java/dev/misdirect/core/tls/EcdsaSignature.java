package dev.misdirect.core.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA with SHA-256/384/512 for {@link EcArithmetic}: BouncyCastle's signer on the NIST curves P-256, P-384 and
 * P-521 with the curve's precomputed tables kept for the life of the process (a key of the JDK's is otherwise
 * converted afresh, and its tables rebuilt, for every signature). Signatures use deterministic nonces
 * (RFC 6979) and strict DER. Keys of other curves go to BouncyCastle's own implementation.
 *
 * <p>Not for direct use: obtained through {@code Signature.getInstance("SHA256withECDSA")} etc. when
 * {@link EcArithmetic} is installed. An instance is used by one thread at a time, as JCA engines are.
 */
public abstract class EcdsaSignature extends SignatureSpi {
    private final String digestName;
    private final String algorithm;
    private final MessageDigest digest;
    private ECDSASigner signer;
    private ECDomainParameters domain;
    private Signature fallback;

    EcdsaSignature(String digestName, String algorithm) {
        this.digestName = digestName;
        this.algorithm = algorithm;
        try {
            this.digest = MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + digestName + ": " + e.getMessage(), e);
        }
    }

    /** SHA256withECDSA. */
    public static final class Sha256 extends EcdsaSignature {
        public Sha256() {
            super("SHA-256", "SHA256withECDSA");
        }
    }

    /** SHA384withECDSA. */
    public static final class Sha384 extends EcdsaSignature {
        public Sha384() {
            super("SHA-384", "SHA384withECDSA");
        }
    }

    /** SHA512withECDSA. */
    public static final class Sha512 extends EcdsaSignature {
        public Sha512() {
            super("SHA-512", "SHA512withECDSA");
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        reset();
        Optional<ECDomainParameters> d = publicKey instanceof ECPublicKey k ? EcKeyPairGeneration.domainOf(k.getParams())
                : Optional.empty();
        if (d.isEmpty()) {
            fallback = bouncyCastle();
            fallback.initVerify(publicKey);
            return;
        }
        ECPublicKey k = (ECPublicKey) publicKey;
        ECDomainParameters dp = d.get();
        try {
            var q = dp.getCurve().createPoint(k.getW().getAffineX(), k.getW().getAffineY());
            signer = new ECDSASigner();
            signer.init(false, new ECPublicKeyParameters(q, dp));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("the EC public key is not a point of its curve: " + e.getMessage(), e);
        }
        domain = dp;
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        engineInitSign(privateKey, null);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        reset();
        Optional<ECDomainParameters> d = privateKey instanceof ECPrivateKey k ? EcKeyPairGeneration.domainOf(k.getParams())
                : Optional.empty();
        if (d.isEmpty()) {
            fallback = bouncyCastle();
            if (random == null) {
                fallback.initSign(privateKey);
            } else {
                fallback.initSign(privateKey, random);
            }
            return;
        }
        BigInteger s = ((ECPrivateKey) privateKey).getS();
        signer = new ECDSASigner(new HMacDSAKCalculator(hmacDigest()));
        try {
            signer.init(true, new ECPrivateKeyParameters(s, d.get()));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("the EC private key is not valid for its curve: " + e.getMessage(), e);
        }
        domain = d.get();
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        if (fallback != null) {
            fallback.update(b);
        } else {
            digest.update(b);
        }
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (fallback != null) {
            fallback.update(b, off, len);
        } else {
            digest.update(b, off, len);
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (fallback != null) {
            return fallback.sign();
        }
        if (signer == null) {
            throw new SignatureException(algorithm + " is not initialised for signing");
        }
        BigInteger[] rs = signer.generateSignature(digest.digest());
        try {
            return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new SignatureException("cannot encode the " + algorithm + " signature: " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (fallback != null) {
            return fallback.verify(sigBytes);
        }
        if (signer == null) {
            throw new SignatureException(algorithm + " is not initialised for verifying");
        }
        byte[] hash = digest.digest();
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), sigBytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new SignatureException("the " + algorithm + " signature is not valid DER: " + e.getMessage(), e);
        }
        return signer.verifySignature(hash, rs[0], rs[1]);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new UnsupportedOperationException(algorithm + " takes no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new UnsupportedOperationException(algorithm + " takes no parameters");
    }

    private void reset() {
        digest.reset();
        signer = null;
        domain = null;
        fallback = null;
    }

    private org.bouncycastle.crypto.Digest hmacDigest() {
        return switch (digestName) {
            case "SHA-384" -> new SHA384Digest();
            case "SHA-512" -> new SHA512Digest();
            default -> new SHA256Digest();
        };
    }

    private Signature bouncyCastle() throws InvalidKeyException {
        try {
            return Signature.getInstance(algorithm, BOUNCY_CASTLE_ECDSA);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidKeyException(algorithm + " is not available for this key: " + e.getMessage(), e);
        }
    }

    /** BouncyCastle's own ECDSA engines, for keys of curves other than the NIST three. Never installed. */
    private static final Provider BOUNCY_CASTLE_ECDSA = new Provider("MisdirectEC-fallback", "1.0",
            "BouncyCastle's ECDSA for curves without cached tables") {
        private static final long serialVersionUID = 1L;

        {
            putService(new Service(this, "Signature", "SHA256withECDSA",
                    org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi.ecDSA256.class.getName(), null, null));
            putService(new Service(this, "Signature", "SHA384withECDSA",
                    org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi.ecDSA384.class.getName(), null, null));
            putService(new Service(this, "Signature", "SHA512withECDSA",
                    org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi.ecDSA512.class.getName(), null, null));
        }
    };
}
