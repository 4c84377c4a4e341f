package dev.misdirect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A loopback TLS server for tests, on the JDK's {@link SSLServerSocket}: chooses its certificate by SNI (a
 * default when the SNI is unknown or absent), may ask for a client certificate, selects h2 in ALPN when offered.
 * Other behaviours: {@link Mode#SILENT} accepts TCP and never answers, {@link Mode#RESET} accepts and resets.
 */
public final class TlsTestServer implements AutoCloseable {
    public enum Mode { TLS, SILENT, RESET }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-test-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> snisSeen = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch firstAccepted = new CountDownLatch(1);

    private TlsTestServer(ServerSocket server, Mode mode) {
        this.server = server;
        pool.execute(() -> acceptLoop(mode));
    }

    public static Builder on(String address) {
        return new Builder(address);
    }

    public static final class Builder {
        private final String address;
        private final Map<String, TestPki.Issued> bySni = new LinkedHashMap<>();
        private TestPki.Issued defaultIdentity;
        private List<X509Certificate> clientCas = List.of();
        private boolean needClientAuth;
        private Mode mode = Mode.TLS;
        private boolean alpnH2 = true;
        private boolean answerHttp1;
        private String http1Header = "";
        private String protocol;
        private String[] cipherSuites;
        private java.time.Duration handshakeDelay = java.time.Duration.ZERO;
        private int port;

        Builder(String address) {
            this.address = address;
        }

        /** The certificate served when the SNI is none of the {@link #forSni} names. */
        public Builder identity(TestPki.Issued issued) {
            this.defaultIdentity = issued;
            return this;
        }

        public Builder forSni(String sni, TestPki.Issued issued) {
            bySni.put(sni.toLowerCase(Locale.ROOT), issued);
            return this;
        }

        /** Ask for a client certificate issued by one of {@code cas}, naming them; {@code need} refuses without one. */
        public Builder clientAuth(List<X509Certificate> cas, boolean need) {
            this.clientCas = List.copyOf(cas);
            this.needClientAuth = need;
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** After the handshake, answer one HTTP/1.1 request with an empty 200 and close (for curl). */
        public Builder answerHttp1() {
            this.answerHttp1 = true;
            return this;
        }

        /**
         * Selects http/1.1 in ALPN (never h2) and answers each request as {@link #answerHttp1()} does, with this header
         * line in the answer too.
         */
        public Builder answerHttp1(String headerName, String headerValue) {
            this.answerHttp1 = true;
            this.alpnH2 = false;
            this.http1Header = headerName + ": " + headerValue + "\r\n";
            return this;
        }

        public Builder noAlpn() {
            this.alpnH2 = false;
            return this;
        }

        /** Listen on this port (default: any free one), e.g. another server's port on another address. */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** Restrict to one protocol version, e.g. "TLSv1.2". */
        /** Waits this long after accepting a connection before reading its ClientHello: a server of known latency. */
        public Builder handshakeDelay(java.time.Duration d) {
            this.handshakeDelay = d;
            return this;
        }

        public Builder protocol(String p) {
            this.protocol = p;
            return this;
        }

        /** Accept only these cipher suites (TLS 1.2 names; add a TLS 1.3 one to keep TLS 1.3). */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = suites.clone();
            return this;
        }

        public TlsTestServer start() throws Exception {
            InetAddress bind = InetAddress.getByName(address);
            if (mode != Mode.TLS) {
                ServerSocket plain = new ServerSocket();
                plain.bind(new InetSocketAddress(bind, port), 128);
                return new TlsTestServer(plain, mode);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "pw".toCharArray();
            Map<String, String> aliasBySni = new LinkedHashMap<>();
            int n = 0;
            if (defaultIdentity != null) {
                ks.setKeyEntry("default", defaultIdentity.key(), pw, defaultIdentity.chain().toArray(new Certificate[0]));
            }
            for (var e : bySni.entrySet()) {
                String alias = "sni" + (n++);
                ks.setKeyEntry(alias, e.getValue().key(), pw, e.getValue().chain().toArray(new Certificate[0]));
                aliasBySni.put(e.getKey(), alias);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, pw);
            X509KeyManager base = (X509KeyManager) kmf.getKeyManagers()[0];
            String fallback = defaultIdentity != null ? "default" : aliasBySni.values().iterator().next();
            SniKeyManager km = new SniKeyManager(base, aliasBySni, fallback);
            javax.net.ssl.TrustManager[] tms = null;
            if (!clientCas.isEmpty()) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                for (int i = 0; i < clientCas.size(); i++) {
                    ts.setCertificateEntry("ca" + i, clientCas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(ts);
                tms = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {km}, tms, null);
            SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            ss.bind(new InetSocketAddress(bind, port), 256);
            var params = ss.getSSLParameters();
            if (!clientCas.isEmpty()) {
                if (needClientAuth) {
                    params.setNeedClientAuth(true);
                } else {
                    params.setWantClientAuth(true);
                }
            }
            if (protocol != null) {
                params.setProtocols(new String[] {protocol});
            }
            if (cipherSuites != null) {
                params.setCipherSuites(cipherSuites);
            }
            ss.setSSLParameters(params);
            TlsTestServer s = new TlsTestServer(ss, mode);
            s.alpnH2 = alpnH2;
            s.answerHttp1 = answerHttp1;
            s.http1Header = http1Header;
            s.handshakeDelay = handshakeDelay;
            return s;
        }
    }

    private volatile boolean alpnH2 = true;
    private volatile java.time.Duration handshakeDelay = java.time.Duration.ZERO;
    private volatile boolean answerHttp1;
    private volatile String http1Header = "";

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return server.getInetAddress().getHostAddress();
    }

    /** Blocks until the first TCP connection has been accepted, or the timeout passes; true when one was. */
    public boolean awaitFirstConnection(java.time.Duration timeout) throws InterruptedException {
        return firstAccepted.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** TCP connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The SNI of each completed handshake, in order (empty = none sent). */
    public List<Optional<String>> snisSeen() {
        synchronized (snisSeen) {
            return new ArrayList<>(snisSeen);
        }
    }

    /**
     * The SNIs of the first {@code n} completed handshakes, waiting up to {@code timeout} for the server's side of
     * them to finish (a TLS 1.3 client can be done before the server is).
     */
    public List<Optional<String>> awaitSnis(int n, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (snisSeen) {
            long left;
            while (snisSeen.size() < n && (left = deadline - System.nanoTime()) > 0) {
                snisSeen.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(snisSeen);
        }
    }

    private void acceptLoop(Mode mode) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            accepted.add(s);
            firstAccepted.countDown();
            switch (mode) {
                case SILENT -> {
                    // Hold the connection open and never answer; closed with the server.
                }
                case RESET -> {
                    try {
                        s.setSoLinger(true, 0);
                        s.getInputStream().read();
                        s.close();
                    } catch (IOException ignored) {
                        // the client went first
                    }
                }
                case TLS -> pool.execute(() -> serve((SSLSocket) s));
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            if (alpnH2) {
                s.setHandshakeApplicationProtocolSelector((sock, offered) -> offered.contains("h2") ? "h2"
                        : offered.contains("http/1.1") ? "http/1.1" : null);
            } else if (!http1Header.isEmpty()) {
                s.setHandshakeApplicationProtocolSelector((sock, offered) -> offered.contains("http/1.1") ? "http/1.1"
                        : null);
            }
            s.setSoTimeout(20_000);
            if (!handshakeDelay.isZero()) {
                Thread.sleep(handshakeDelay.toMillis()); // the latency this server is made to have
            }
            s.startHandshake();
            synchronized (snisSeen) {
                snisSeen.add(sni(s));
                snisSeen.notifyAll();
            }
            InputStream in = s.getInputStream();
            if (answerHttp1 && "http/1.1".equals(s.getApplicationProtocol())) {
                int state = 0;
                for (int b; state < 4 && (b = in.read()) >= 0; ) {
                    state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                }
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\n" + http1Header
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                return;
            }
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // drain until the client closes
            }
        } catch (IOException ignored) {
            // Clients come and go mid-handshake in these tests.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        }
    }

    private static Optional<String> sni(SSLSocket s) {
        if (s.getSession() instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return Optional.of(((SNIHostName) n).getAsciiName());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (SocketException ignored) {
                // already closed
            }
        }
        pool.shutdownNow();
    }

    /** Picks the key entry by the SNI the client sent. */
    private static final class SniKeyManager extends X509ExtendedKeyManager {
        private final X509KeyManager base;
        private final Map<String, String> aliasBySni;
        private final String fallback;

        SniKeyManager(X509KeyManager base, Map<String, String> aliasBySni, String fallback) {
            this.base = base;
            this.aliasBySni = aliasBySni;
            this.fallback = fallback;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            String alias = fallback;
            if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() instanceof ExtendedSSLSession ext) {
                for (SNIServerName n : ext.getRequestedServerNames()) {
                    if (n instanceof SNIHostName h) {
                        alias = aliasBySni.getOrDefault(h.getAsciiName().toLowerCase(Locale.ROOT), fallback);
                    }
                }
            }
            PrivateKey k = base.getPrivateKey(alias);
            return k != null && k.getAlgorithm().equals(keyType) ? alias : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return base.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return base.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return base.getPrivateKey(alias);
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
}
