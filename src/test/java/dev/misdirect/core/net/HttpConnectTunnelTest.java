package dev.misdirect.core.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tunnel's bounds against loopback stand-ins that misbehave; tinyproxy is in ForwardProxyInteropTest. */
class HttpConnectTunnelTest {

    private static ServerSocket loopback() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    private static ForwardProxy proxyAt(ServerSocket s) {
        return ForwardProxy.parse("http://127.0.0.1:" + s.getLocalPort());
    }

    @Test
    void a_proxy_that_never_answers_connect_ends_in_the_answer_timeout_with_the_proxy_named() throws Exception {
        try (ServerSocket silent = loopback(); Socket socket = new Socket()) {
            assertThatThrownBy(() -> HttpConnectTunnel.open(socket, proxyAt(silent), "a.example", 443,
                    Duration.ofSeconds(5), Duration.ofMillis(200)))
                    .isInstanceOf(HttpConnectTunnel.Refused.class)
                    .hasMessage("the proxy http://127.0.0.1:" + silent.getLocalPort()
                            + " did not answer CONNECT a.example:443 within 200 ms");
        }
    }

    @Test
    void closing_the_socket_while_waiting_for_the_answer_ends_the_tunnel_at_once() throws Exception {
        try (ServerSocket silent = loopback(); Socket socket = new Socket()) {
            CountDownLatch accepted = new CountDownLatch(1);
            CompletableFuture.runAsync(() -> {
                try (Socket peer = silent.accept()) {
                    accepted.countDown();
                    peer.getInputStream().read(); // hold the connection open until the client goes away
                    peer.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the client closed it
                }
            });
            CompletableFuture<Throwable> tunnel = CompletableFuture.supplyAsync(() -> {
                try {
                    HttpConnectTunnel.open(socket, proxyAt(silent), "a.example", 443, Duration.ofSeconds(5),
                            Duration.ofSeconds(60));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(accepted.await(5, TimeUnit.SECONDS)).isTrue();
            socket.close();
            assertThat(tunnel.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpConnectTunnel.Refused.class);
        }
    }

    @Test
    void the_request_is_one_connect_line_with_host_and_basic_credentials_and_a_non_2xx_answer_is_named() throws Exception {
        try (ServerSocket proxy = loopback(); Socket socket = new Socket()) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = proxy.accept()) {
                    InputStream in = peer.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    OutputStream out = peer.getOutputStream();
                    out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return head.toString();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            ForwardProxy p = ForwardProxy.parse("http://alice:s3cret@127.0.0.1:" + proxy.getLocalPort());
            assertThatThrownBy(() -> HttpConnectTunnel.open(socket, p, "::1", 8443, Duration.ofSeconds(5),
                    Duration.ofSeconds(5)))
                    .isInstanceOf(HttpConnectTunnel.Refused.class)
                    .hasMessage("the proxy http://127.0.0.1:" + proxy.getLocalPort() + " refused CONNECT [::1]:8443:"
                            + " 403 Forbidden: it does not allow a tunnel to [::1]:8443 (its rules may allow only some ports)")
                    .satisfies(e -> assertThat(((HttpConnectTunnel.Refused) e).status()).isEqualTo(403));
            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
                    + "Proxy-Authorization: Basic YWxpY2U6czNjcmV0\r\n\r\n");
        }
    }

    @Test
    void a_proxy_that_is_not_listening_is_unreachable_not_a_refusal_of_the_tunnel() throws Exception {
        int port;
        try (ServerSocket s = loopback()) {
            port = s.getLocalPort();
        }
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> HttpConnectTunnel.open(socket, ForwardProxy.parse("http://127.0.0.1:" + port),
                    "a.example", 443, Duration.ofSeconds(5), Duration.ofSeconds(5)))
                    .isInstanceOf(HttpConnectTunnel.ProxyUnreachable.class)
                    .hasMessage("connection to the proxy http://127.0.0.1:" + port + " refused (nothing listening)");
        }
    }
}
