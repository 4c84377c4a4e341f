package dev.misdirect.core.net;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's key manager: presents the client identity when there is one, and notes every server name whose
 * handshake asked for a client certificate that the client could not present. A TLS 1.3 server refuses a missing
 * certificate only after the client's handshake has finished, so the client then sees a broken pipe or a reset, not
 * the alert; this record is how the failure gets its real name. Thread-safe: JSSE calls it from handshake threads.
 */
final class ClientCertificateRequests extends X509ExtendedKeyManager {
    private final Optional<X509KeyManager> identity;
    private final Set<String> askedWithoutCertificate = ConcurrentHashMap.newKeySet();

    ClientCertificateRequests(Optional<X509KeyManager> identity) {
        this.identity = identity;
    }

    /** True when a handshake with {@code host} asked for a client certificate and none was presented. */
    boolean askedWithoutCertificate(String host) {
        return askedWithoutCertificate.contains(host.toLowerCase(Locale.ROOT));
    }

    private String noted(String alias, Optional<SSLSession> session) {
        if (alias == null) {
            session.map(SSLSession::getPeerHost).filter(h -> h != null && !h.isEmpty())
                    .ifPresent(h -> askedWithoutCertificate.add(h.toLowerCase(Locale.ROOT)));
        }
        return alias;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        String alias = identity.map(k -> k.chooseClientAlias(keyType, issuers, socket)).orElse(null);
        Optional<SSLSession> session = socket instanceof SSLSocket s ? Optional.ofNullable(s.getHandshakeSession())
                : Optional.empty();
        return noted(alias, session);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        String alias = identity.map(k -> k instanceof X509ExtendedKeyManager x
                ? x.chooseEngineClientAlias(keyType, issuers, engine) : k.chooseClientAlias(keyType, issuers, null))
                .orElse(null);
        return noted(alias, Optional.ofNullable(engine).map(SSLEngine::getHandshakeSession));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return identity.map(k -> k.getClientAliases(keyType, issuers)).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity.map(k -> k.getCertificateChain(alias)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity.map(k -> k.getPrivateKey(alias)).orElse(null);
    }
}
