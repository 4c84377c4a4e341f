package dev.misdirect.lab;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A plain HTTP/1.1-over-TLS client for tests: one new connection per request, SNI and Host set explicitly,
 * trusting only the lab CA and checking the certificate's names against the SNI.
 */
final class TestClient {
    record Reply(int status, String body, int localPort) {
    }

    private final SSLContext tls;

    TestClient(X509Certificate ca) throws Exception {
        this(ca, "TLS");
    }

    TestClient(X509Certificate ca, String protocol) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("lab-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        tls = SSLContext.getInstance(protocol);
        tls.init(null, tmf.getTrustManagers(), null);
    }

    Reply get(String address, int port, String sni, String host) throws IOException {
        return get(address, port, sni, host, null);
    }

    Reply get(String address, int port, String sni, String host, String[] protocols) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(address, port), 5_000);
        plain.setSoTimeout(5_000);
        // layered with the SNI as host name: the JDK keys resumable sessions (and the SNI it resends) by it
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, sni, port, true)) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[]{"http/1.1"});
            if (protocols != null) {
                p.setProtocols(protocols);
            }
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String text = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Reply(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4), s.getLocalPort());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
