package dev.misdirect.lab;

import dev.misdirect.core.model.Endpoint;
import dev.misdirect.lab.Scenario.OriginSpec;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * One lab origin: a Jetty HTTPS server (ALPN h2 + http/1.1) on a loopback address that decides 421 itself
 * ({@link Misdirection}), or forwards (a proxy), and records every request in the {@link ServerLog}.
 */
final class OriginServer implements AutoCloseable {
    /** The response header naming the site whose page was answered (a proxy passes its upstream's on). */
    static final String SITE_HEADER = "X-Misdirect-Site";
    private final OriginSpec spec;
    private final ServerLog log;
    private final Server server;
    private final ServerConnector connector;
    private final Map<SSLEngine, String> sniByEngine = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile UpstreamPool upstream;

    /**
     * @param proxyProtocol read a PROXY protocol line before the handshake (the origin is behind a passthrough proxy,
     *                      which tells it the client's address that way)
     */
    OriginServer(OriginSpec spec, Map<String, LeafCredential> credentials, ServerLog log, String threadName,
                 boolean proxyProtocol) {
        this.spec = spec;
        this.log = log;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(threadName);
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        pool.setThreadsPriority(Thread.currentThread().getPriority());
        server = new Server(pool, new ScheduledExecutorScheduler(threadName + "-scheduler", true), null);
        server.setStopTimeout(1000);

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        // Jetty's own SNI check answers 400 before any handler; the lab's origins decide (421) themselves.
        config.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http1 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(http1.getProtocol());

        SslContextFactory.Server tls = new SniRecordingSslContextFactory();
        tls.setSslContext(sslContext(spec, credentials));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        tls.setUseCipherSuitesOrder(true);
        tls.setSniRequired(false);

        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        connector = proxyProtocol
                ? new ServerConnector(server, 1, 1, new ProxyConnectionFactory(ssl.getProtocol()), ssl, alpn, http2, http1)
                : new ServerConnector(server, 1, 1, ssl, alpn, http2, http1);
        connector.setHost(spec.address());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new LabHandler());
    }

    /**
     * Records, per TLS engine, the SNI its ClientHello carried, through a match-all SNI matcher. The session
     * cannot be trusted for that: on TLS 1.3 resumption the JDK copies the resumed session's SNI, so a connection
     * opened for b that resumed a's session would report a. The matcher also makes the JDK refuse TLS 1.2
     * resumption across different SNIs.
     */
    private final class SniRecordingSslContextFactory extends SslContextFactory.Server {
        @Override
        public void customize(SSLEngine engine) {
            super.customize(engine);
            SSLParameters p = engine.getSSLParameters();
            p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                @Override
                public boolean matches(SNIServerName serverName) {
                    String name = serverName instanceof SNIHostName h ? h.getAsciiName()
                            : new String(serverName.getEncoded(), StandardCharsets.US_ASCII);
                    sniByEngine.put(engine, name.toLowerCase(Locale.ROOT));
                    return true;
                }
            }));
            engine.setSSLParameters(p);
        }
    }

    private static SSLContext sslContext(OriginSpec spec, Map<String, LeafCredential> credentials) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[]{new SniKeyManager(spec, credentials)}, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for lab origin " + spec.name(), e);
        }
    }

    OriginSpec spec() {
        return spec;
    }

    /** Makes this origin a proxy forwarding through {@code pool}; call before {@link #start(int)}. */
    void forwardTo(UpstreamPool pool) {
        this.upstream = pool;
    }

    /** Binds {@code spec.address():port} (0 = any free port) and starts serving. */
    void start(int port) throws Exception {
        connector.setPort(port);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    Endpoint endpoint() {
        return new Endpoint(spec.address(), port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(OriginServer.class).warn("stopping lab origin {}: {}", spec.name(), e.toString());
        }
        UpstreamPool u = upstream;
        if (u != null) {
            u.close();
        }
    }

    private final class LabHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Optional<String> sni = sniOf(request);
            String authority = authorityOf(request);
            String alpn = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2 ? "h2" : "http/1.1";
            String path = Optional.ofNullable(request.getHttpURI().getPathQuery()).orElse("/");
            Misdirection.Decision decision = Misdirection.decide(spec, sni, authority);
            int status = decision.status();
            String reason = decision.reason();
            Optional<String> site = decision.site();
            String body;
            UpstreamPool pool = upstream;
            if (pool != null && decision.answered()) {
                UpstreamPool.Reply reply = pool.forward(authority, path);
                status = reply.status();
                reason = reply.reason();
                body = reply.body();
                site = reply.site();
                response.getHeaders().put("X-Misdirect-Upstream", reply.connection());
            } else if (decision.misdirected()) {
                body = "421 Misdirected Request: " + reason + "\n";
            } else if (decision.answered()) {
                // the page depends on the site only, never on the connection or the server (those are in the
                // X-Misdirect-* headers): a misrouted request gets another site's page exactly as that site serves it
                body = "Site " + site.orElseThrow() + " (vhost " + decision.vhost().orElseThrow().name() + ").\n";
            } else {
                body = status + " " + org.eclipse.jetty.http.HttpStatus.getMessage(status) + ": " + reason + "\n";
            }
            log.record(new ServedRequest(Instant.now(), spec.name(), endpoint().toString(),
                    Request.getRemotePort(request), sni, alpn, authority, path, status, reason, site));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.getHeaders().put("X-Misdirect-Origin", spec.name());
            response.getHeaders().put("X-Misdirect-Connection", sni.map(x -> "SNI " + x).orElse("no SNI") + ", " + alpn);
            site.ifPresent(x -> response.getHeaders().put(SITE_HEADER, x));
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }

    /** The SNI of the request's connection, as its ClientHello carried it; empty when none was sent. */
    private Optional<String> sniOf(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof SslConnection.SslEndPoint ssl) {
            return Optional.ofNullable(sniByEngine.get(ssl.getSslConnection().getSSLEngine()));
        }
        Object attr = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        return attr instanceof EndPoint.SslSessionData d ? SniKeyManager.sni(d.sslSession()) : Optional.empty();
    }

    private static String authorityOf(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null && !host.isBlank()) {
            return host;
        }
        String authority = request.getHttpURI().getAuthority();
        return authority == null ? "" : authority;
    }
}
