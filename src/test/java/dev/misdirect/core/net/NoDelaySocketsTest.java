package dev.misdirect.core.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The clients' sockets have Nagle's algorithm off, as curl's and Chromium's do (loopback only). */
class NoDelaySocketsTest {

    @Test
    void every_socket_the_clients_factory_makes_has_tcp_nodelay_set_connected_or_not() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
            int port = server.getLocalPort();
            List<Socket> sockets = new ArrayList<>();
            try {
                Socket unconnected = NoDelaySockets.FACTORY.createSocket();
                sockets.add(unconnected);
                unconnected.connect(new InetSocketAddress(loopback, port), 5_000);
                sockets.add(NoDelaySockets.FACTORY.createSocket(loopback.getHostAddress(), port));
                sockets.add(NoDelaySockets.FACTORY.createSocket(loopback.getHostAddress(), port, loopback, 0));
                sockets.add(NoDelaySockets.FACTORY.createSocket(loopback, port));
                sockets.add(NoDelaySockets.FACTORY.createSocket(loopback, port, loopback, 0));
                for (Socket s : sockets) {
                    assertThat(s.isConnected()).isTrue();
                    assertThat(s.getTcpNoDelay()).as("TCP_NODELAY on %s", s).isTrue();
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void a_socket_tunnelled_through_a_proxy_has_tcp_nodelay_set_too() throws Exception {
        TunnelSocketFactory tunnels = new TunnelSocketFactory(
                new ForwardProxy("127.0.0.1", 3128, Optional.empty(), ""), Duration.ofSeconds(5));
        try (Socket s = tunnels.createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
