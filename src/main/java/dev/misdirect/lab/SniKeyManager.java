package dev.misdirect.lab;

import dev.misdirect.lab.Scenario.OriginSpec;
import dev.misdirect.lab.Scenario.VirtualHost;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * Picks an origin's certificate by SNI, the way a server with vhosts does: the vhost whose names include the
 * SNI, else the first (default) vhost. A vhost that declares TLS protocols refuses handshakes of other
 * protocols (Apache {@code SSLProtocol} per vhost), by offering no certificate.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final OriginSpec origin;
    private final Map<String, LeafCredential> credentials;

    SniKeyManager(OriginSpec origin, Map<String, LeafCredential> credentials) {
        this.origin = origin;
        this.credentials = Map.copyOf(credentials);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSession s = socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getHandshakeSession() : null;
        return choose(keyType, s);
    }

    private String choose(String keyType, SSLSession handshake) {
        if (!"EC".equals(keyType)) {
            return null;
        }
        VirtualHost vhost = sni(handshake)
                .flatMap(s -> origin.vhosts().stream().filter(v -> v.serves(s)).findFirst())
                .orElse(origin.vhosts().get(0));
        String protocol = handshake == null ? null : handshake.getProtocol();
        if (protocol != null && protocol.startsWith("TLSv") && !vhost.tlsProtocols().isEmpty()
                && !vhost.tlsProtocols().contains(protocol)) {
            return null;
        }
        return vhost.certificate();
    }

    static Optional<String> sni(SSLSession session) {
        if (session instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return Optional.of(h.getAsciiName().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        LeafCredential c = credentials.get(alias);
        return c == null ? null : c.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        LeafCredential c = credentials.get(alias);
        return c == null ? null : c.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return "EC".equals(keyType) ? credentials.keySet().toArray(String[]::new) : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
