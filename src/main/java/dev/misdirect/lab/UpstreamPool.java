package dev.misdirect.lab;

import dev.misdirect.core.model.Endpoint;
import dev.misdirect.lab.Scenario.PoolKey;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab proxy's upstream client: HTTP/1.1 keep-alive connections over TLS to one upstream endpoint, pooled
 * by {@link PoolKey}. Keyed by IP and port (the bug), a request for tenant B is sent on the connection opened
 * (with SNI) for tenant A; without SNI (nginx's default), a strict upstream refuses every request. Each connection carries one request at a time; connect and read time out after
 * {@link #TIMEOUT_MILLIS}. Thread-safe.
 */
final class UpstreamPool implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_BODY = 1 << 20;

    private final String upstreamName;
    private final Endpoint endpoint;
    private final PoolKey key;
    private final boolean sendSni;
    private final SSLContext tls;
    private final Map<String, Connection> pool = new HashMap<>();
    private boolean closed;

    /** What the upstream answered (and the site whose page it was), and on which upstream connection. */
    record Reply(int status, String body, String reason, String connection, Optional<String> site) {
    }

    UpstreamPool(String upstreamName, Endpoint endpoint, PoolKey key, boolean sendSni, X509Certificate trustedCa) {
        this.upstreamName = upstreamName;
        this.endpoint = endpoint;
        this.key = key;
        this.sendSni = sendSni;
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("lab-ca", trustedCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the lab proxy's upstream TLS", e);
        }
    }

    /** Forwards {@code GET path} for {@code authority}; an upstream failure becomes a 502 reply. */
    Reply forward(String authority, String path) {
        String host = Misdirection.hostOf(authority);
        String poolKey = key == PoolKey.IP_AND_PORT ? endpoint.toString() : host + ":" + endpoint.port();
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = acquire(poolKey, host);
            } catch (IOException e) {
                return new Reply(502, "502 Bad Gateway: cannot reach upstream " + upstreamName + " " + endpoint
                        + ": " + e.getMessage() + "\n", "upstream " + upstreamName + " unreachable: " + e.getMessage(), "-",
                        Optional.empty());
            }
            synchronized (c) {
                try {
                    Reply r = c.exchange(authority, path);
                    String why = "forwarded to " + upstreamName + " " + endpoint + " on the upstream connection opened"
                            + " " + c.sniText() + " (pool keyed by " + (key == PoolKey.IP_AND_PORT ? "IP and port"
                            : "authority") + "); upstream answered " + r.status();
                    return new Reply(r.status(), r.body(), why, r.connection(), r.site());
                } catch (IOException e) {
                    discard(poolKey, c);
                    if (attempt == 2 || c.fresh) {
                        return new Reply(502, "502 Bad Gateway: upstream " + upstreamName + " failed: " + e.getMessage()
                                + "\n", "upstream " + upstreamName + " failed: " + e.getMessage(), c.describe(),
                                Optional.empty());
                    }
                    // a kept-alive connection the upstream closed meanwhile: retry once on a new one
                }
            }
        }
    }

    private Connection acquire(String poolKey, String sniHost) throws IOException {
        synchronized (pool) {
            if (closed) {
                throw new IOException("lab proxy is closed");
            }
            Connection c = pool.get(poolKey);
            if (c != null && !c.socket.isClosed()) {
                c.fresh = false;
                return c;
            }
            c = open(sniHost);
            pool.put(poolKey, c);
            return c;
        }
    }

    private void discard(String poolKey, Connection c) {
        synchronized (pool) {
            pool.remove(poolKey, c);
        }
        c.closeQuietly();
    }

    private Connection open(String sniHost) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true); // as a proxy's upstream connections are: no wait for a delayed acknowledgement
        try {
            plain.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            // Layered on a connected socket with the host name, so the JDK keys its TLS session cache by name:
            // keyed by IP, it would resume a's session for b and send a's SNI again.
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, sniHost, endpoint.port(), true);
            SSLParameters p = s.getSSLParameters();
            // nginx's proxy_ssl_server_name is off by default: such a proxy sends no SNI upstream at all
            p.setServerNames(sendSni ? List.of(new SNIHostName(sniHost)) : List.of());
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[]{"http/1.1"});
            s.setSSLParameters(p);
            s.startHandshake();
            return new Connection(s, sendSni ? Optional.of(sniHost) : Optional.empty());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (pool) {
            closed = true;
            pool.values().forEach(Connection::closeQuietly);
            pool.clear();
        }
    }

    private static final class Connection {
        final SSLSocket socket;
        final Optional<String> sni;
        boolean fresh = true;

        Connection(SSLSocket socket, Optional<String> sni) {
            this.socket = socket;
            this.sni = sni;
        }

        String sniText() {
            return sni.map(x -> "with SNI " + x).orElse("without SNI");
        }

        String describe() {
            return "local port " + socket.getLocalPort() + ", " + sni.map(x -> "SNI " + x).orElse("no SNI");
        }

        Reply exchange(String authority, String path) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: misdirect-lab-proxy\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("bad upstream status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad upstream status line: " + statusLine);
            }
            int length = -1;
            boolean close = false;
            Optional<String> site = Optional.empty();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                } else if (name.equalsIgnoreCase(OriginServer.SITE_HEADER)) {
                    site = Optional.of(value);
                }
            }
            if (length < 0 || length > MAX_BODY) {
                throw new IOException("upstream response without a usable Content-Length (" + length + ")");
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("upstream closed the connection mid-body");
            }
            if (close) {
                closeQuietly();
            }
            return new Reply(status, new String(body, StandardCharsets.UTF_8), "", describe(), site);
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("upstream closed the connection");
                }
                if (b.size() > 8192) {
                    throw new IOException("upstream header line too long");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
