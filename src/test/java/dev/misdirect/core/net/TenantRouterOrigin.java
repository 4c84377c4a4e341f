package dev.misdirect.core.net;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTPS origin (h2 + http/1.1) behaving like a tenant router: it serves one wildcard certificate for
 * every tenant and answers 421 when the request's authority host differs from the connection's SNI. It logs
 * every request with the client port, SNI, authority and the headers a test cares about.
 */
public final class TenantRouterOrigin implements AutoCloseable {
    public record Seen(int clientPort, String sni, String authority, String path, int status, Map<String, String> headers) {
    }

    private final Server server;
    private final ServerConnector connector;
    public final List<Seen> log = new CopyOnWriteArrayList<>();

    public TenantRouterOrigin(String bindAddress, KeyStore keyStore, boolean strictSni) throws Exception {
        server = new Server();
        HttpConfiguration cfg = new HttpConfiguration();
        cfg.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        HttpConnectionFactory h1 = new HttpConnectionFactory(cfg);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(cfg);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(h1.getProtocol());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword("test");
        ssl.setSniRequired(false);
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        connector = new ServerConnector(server, 1, 1, tls, alpn, h2, h1);
        connector.setHost(bindAddress);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String sni = sniOf(request);
                String host = request.getHttpURI().getHost();
                int port = request.getHttpURI().getPort();
                String authority = port > 0 ? host + ":" + port : host;
                int status = strictSni && sni != null && !sni.equalsIgnoreCase(host) ? 421 : 200;
                Map<String, String> headers = new java.util.TreeMap<>();
                request.getHeaders().forEach(f -> headers.put(f.getLowerCaseName(), f.getValue()));
                int clientPort = ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getPort();
                log.add(new Seen(clientPort, sni == null ? "" : sni, authority, request.getHttpURI().getPath(),
                        status, headers));
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, (status == 421 ? "misdirected: " : "hello ") + authority,
                        callback);
                return true;
            }
        });
        server.start();
    }

    private static String sniOf(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData d
                && d.sslSession() instanceof ExtendedSSLSession s) {
            for (SNIServerName n : s.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
        }
        return null;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
