package dev.misdirect.core.tls;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.names.HostnameMatcher;
import dev.misdirect.core.names.NameMatch;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Judges served chains against a set of trust anchors: the JDK's default trust store plus optional extra CA
 * certificates (e.g. from {@code --cacert} files). Never throws for a bad chain: the problem is the verdict.
 *
 * <p>Precedence, as {@link TrustVerdict} documents: a self-signed leaf that is not itself trusted is
 * {@code SELF_SIGNED}; a chain that reaches no anchor is {@code UNKNOWN_ISSUER} (with any expiry named in the
 * reason); then {@code EXPIRED}, {@code NOT_YET_VALID}, {@code NAME_MISMATCH} (via {@link HostnameMatcher});
 * otherwise {@code TRUSTED}. Revocation is not checked.
 *
 * <p>Immutable and thread-safe after construction; {@link #verify} does not block on I/O.
 */
public final class ChainVerifier {
    private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
    private final Set<TrustAnchor> anchors = new HashSet<>();
    /**
     * Path building and PKIX validation of a chain do not depend on the time once every certificate is within its
     * validity (checked on each call), so they are remembered per chain with the leaf's facts: a probe sees the
     * same chain many times.
     */
    private final Map<List<X509Certificate>, Anchoring> anchoringByChain = new ConcurrentHashMap<>();

    private record Anchoring(List<X509Certificate> path, Optional<String> pkixProblem, CertificateInfo leaf) {
    }

    /** Trusts exactly these CA certificates (no JDK trust store). */
    public static ChainVerifier trusting(Collection<X509Certificate> cas) {
        return new ChainVerifier(cas);
    }

    /** Trusts the JDK's default trust store plus these extra CA certificates. */
    public static ChainVerifier withJdkTrustStore(Collection<X509Certificate> extraCas) {
        List<X509Certificate> all = new ArrayList<>(jdkAnchors());
        all.addAll(extraCas);
        return new ChainVerifier(all);
    }

    private ChainVerifier(Collection<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            anchorsBySubject.computeIfAbsent(ca.getSubjectX500Principal(), k -> new ArrayList<>()).add(ca);
            anchors.add(new TrustAnchor(ca, null));
        }
    }

    /** The certificates of the JDK's default trust store (cacerts, or {@code javax.net.ssl.trustStore}). */
    public static List<X509Certificate> jdkAnchors() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return List.of(x.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK trust store cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** Number of trust anchors known. */
    public int anchorCount() {
        return anchors.size();
    }

    /**
     * Judges {@code chain} (leaf first, as served) for {@code host} at {@code now}.
     *
     * @param chain the served chain; an empty chain gives {@link TrustVerdict#NOT_CHECKED}
     * @param host  the name the client wants (authority host); empty to skip the name check
     * @param now   the time to judge validity at
     */
    public ChainVerdict verify(List<X509Certificate> chain, Optional<String> host, Instant now) {
        if (chain.isEmpty()) {
            return new ChainVerdict(TrustVerdict.NOT_CHECKED, "no certificate was served");
        }
        X509Certificate leaf = chain.get(0);
        String leafSubject = dn(leaf.getSubjectX500Principal());
        Date at = Date.from(now);
        Optional<String> validityProblem = validityProblem(chain, at);

        Anchoring anchoring = anchoring(chain, at);
        List<X509Certificate> path = anchoring.path();
        if (path.isEmpty()) {
            String also = validityProblem.map(p -> "; also " + p).orElse("");
            if (CertificateFacts.isSelfSigned(leaf)) {
                return new ChainVerdict(TrustVerdict.SELF_SIGNED, "the certificate " + leafSubject
                        + " is self-signed and not in the trust store" + also);
            }
            X509Certificate last = chain.get(chain.size() - 1);
            String reason = "issuer " + dn(last.getIssuerX500Principal()) + " is not in the trust store";
            if (chain.size() > 1 && !CertificateFacts.chainProblems(chain).isEmpty()) {
                reason += " (the served chain is out of order)";
            }
            return new ChainVerdict(TrustVerdict.UNKNOWN_ISSUER, reason + also);
        }
        if (validityProblem.isPresent()) {
            // Checked before PKIX so the cached PKIX result never depends on the time.
            String p = validityProblem.get();
            return new ChainVerdict(p.contains("expired") ? TrustVerdict.EXPIRED : TrustVerdict.NOT_YET_VALID, p);
        }
        Optional<String> pkix = anchoring.pkixProblem();
        if (pkix.isPresent()) {
            return new ChainVerdict(TrustVerdict.UNKNOWN_ISSUER, "the chain to " + dn(anchorOf(path).getSubjectX500Principal())
                    + " does not validate: " + pkix.get());
        }
        if (host.isPresent()) {
            NameMatch m = HostnameMatcher.match(host.get(), anchoring.leaf());
            if (!m.covered()) {
                return new ChainVerdict(TrustVerdict.NAME_MISMATCH, "the certificate " + leafSubject + " does not cover "
                        + host.get() + ": " + m.reason());
            }
            return new ChainVerdict(TrustVerdict.TRUSTED, "chains to " + dn(anchorOf(path).getSubjectX500Principal())
                    + "; " + m.reason());
        }
        return new ChainVerdict(TrustVerdict.TRUSTED, "chains to " + dn(anchorOf(path).getSubjectX500Principal()));
    }

    private Anchoring anchoring(List<X509Certificate> chain, Date at) {
        Anchoring known = anchoringByChain.get(chain);
        if (known != null) {
            return known;
        }
        List<X509Certificate> path = pathToAnchor(chain);
        Anchoring computed = new Anchoring(path, path.isEmpty() ? Optional.empty() : pkixProblem(path, at),
                CertificateFacts.of(chain.get(0)));
        if (anchoringByChain.size() > 4096) {
            anchoringByChain.clear();
        }
        anchoringByChain.put(List.copyOf(chain), computed);
        return computed;
    }

    private static Optional<String> validityProblem(List<X509Certificate> chain, Date at) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = i == 0 ? "the certificate " + dn(c.getSubjectX500Principal())
                    : "chain certificate " + (i + 1) + " " + dn(c.getSubjectX500Principal());
            try {
                c.checkValidity(at);
            } catch (CertificateExpiredException e) {
                return Optional.of(which + " expired on " + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                return Optional.of(which + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        return Optional.empty();
    }

    /**
     * The served certificates from the leaf up to the anchor that issued the last of them, with the anchor as
     * the final element; empty when no anchor is reached. Tolerates served chains in the wrong order.
     */
    private List<X509Certificate> pathToAnchor(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate cur = chain.get(0);
        for (int depth = 0; depth < 10; depth++) {
            path.add(cur);
            if (isAnchor(cur)) {
                return path;
            }
            for (X509Certificate anchor : anchorsBySubject.getOrDefault(cur.getIssuerX500Principal(), List.of())) {
                if (CertificateFacts.verifies(cur, anchor.getPublicKey())) {
                    path.add(anchor);
                    return path;
                }
            }
            X509Certificate next = null;
            for (X509Certificate c : chain) {
                if (!path.contains(c) && c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())
                        && CertificateFacts.verifies(cur, c.getPublicKey())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return List.of();
            }
            cur = next;
        }
        return List.of();
    }

    private boolean isAnchor(X509Certificate c) {
        return anchorsBySubject.getOrDefault(c.getSubjectX500Principal(), List.of()).contains(c);
    }

    private static X509Certificate anchorOf(List<X509Certificate> path) {
        return path.get(path.size() - 1);
    }

    private Optional<String> pkixProblem(List<X509Certificate> path, Date at) {
        if (path.size() == 1) {
            return Optional.empty(); // the leaf itself is a trust anchor
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            var certPath = cf.generateCertPath(path.subList(0, path.size() - 1));
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchorOf(path), null)));
            params.setRevocationEnabled(false);
            params.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String dn(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }
}
