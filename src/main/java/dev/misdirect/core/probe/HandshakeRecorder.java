package dev.misdirect.core.probe;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The trust manager and key manager of one probe connection: they record what the server sent (its chain, its
 * client-certificate request and the CAs it named) and let every handshake finish, so a bad certificate is
 * judged afterwards instead of aborting the inspection.
 */
final class HandshakeRecorder {
    final Trust trust = new Trust();
    final Keys keys;

    private volatile List<X509Certificate> chain = List.of();
    private final AtomicInteger chainsSeen = new AtomicInteger();
    private volatile boolean clientCertRequested;
    private volatile List<String> clientCertIssuers = List.of();

    HandshakeRecorder(Optional<X509ExtendedKeyManager> clientKeys) {
        this.keys = new Keys(clientKeys);
    }

    List<X509Certificate> chain() {
        return chain;
    }

    int chainsSeen() {
        return chainsSeen.get();
    }

    boolean clientCertRequested() {
        return clientCertRequested;
    }

    List<String> clientCertIssuers() {
        return clientCertIssuers;
    }

    private void recordChain(X509Certificate[] served) {
        chain = served == null ? List.of() : List.of(served);
        chainsSeen.incrementAndGet();
    }

    private void recordRequest(Principal[] issuers) {
        clientCertRequested = true;
        clientCertIssuers = issuers == null ? List.of() : Arrays.stream(issuers)
                .map(p -> p instanceof X500Principal x ? x.getName(X500Principal.RFC2253) : p.getName())
                .distinct()
                .toList();
    }

    /** Records the served chain and accepts it: the verdict is decided later by the chain verifier. */
    final class Trust extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] served, String authType, Socket socket) {
            recordChain(served);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] served, String authType, SSLEngine engine) {
            recordChain(served);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] served, String authType) {
            recordChain(served);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a probe is a client; it does not judge client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a probe is a client; it does not judge client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) throws CertificateException {
            throw new CertificateException("a probe is a client; it does not judge client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * Sees the server's CertificateRequest (the JDK asks the key manager for a client alias only then) and offers
     * the configured client certificate, if any, even when its issuer is not among the CAs the server named.
     */
    final class Keys extends X509ExtendedKeyManager {
        private final Optional<X509ExtendedKeyManager> delegate;

        Keys(Optional<X509ExtendedKeyManager> delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            recordRequest(issuers);
            return delegate.map(d -> {
                String alias = d.chooseClientAlias(keyType, issuers, socket);
                return alias != null ? alias : d.chooseClientAlias(keyType, null, socket);
            }).orElse(null);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            recordRequest(issuers);
            return delegate.map(d -> {
                String alias = d.chooseEngineClientAlias(keyType, issuers, engine);
                return alias != null ? alias : d.chooseEngineClientAlias(keyType, null, engine);
            }).orElse(null);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.map(d -> d.getClientAliases(keyType, issuers)).orElse(null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.map(d -> d.getCertificateChain(alias)).orElse(null);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.map(d -> d.getPrivateKey(alias)).orElse(null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
