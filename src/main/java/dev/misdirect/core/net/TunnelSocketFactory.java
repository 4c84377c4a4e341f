package dev.misdirect.core.net;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * Sockets whose {@code connect(address)} opens a {@link HttpConnectTunnel} to that address through a proxy: the
 * OkHttp client connects to an address it resolved itself (the lab's name map, a pin) as if directly, and the proxy
 * only relays the bytes. Used where the client, not the proxy, decides the address.
 */
final class TunnelSocketFactory extends SocketFactory {
    private final ForwardProxy proxy;
    private final Duration answerTimeout;

    TunnelSocketFactory(ForwardProxy proxy, Duration answerTimeout) {
        this.proxy = proxy;
        this.answerTimeout = answerTimeout;
    }

    @Override
    public Socket createSocket() throws IOException {
        return NoDelaySockets.noDelay(new TunnelSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress target) throws IOException {
        Socket s = NoDelaySockets.noDelay(new TunnelSocket());
        s.connect(target, (int) answerTimeout.toMillis());
        return s;
    }

    /** A socket connected to the proxy and tunnelled to the address {@code connect} was given. */
    private final class TunnelSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress target = (InetSocketAddress) endpoint;
            String host = target.isUnresolved() ? target.getHostString() : target.getAddress().getHostAddress();
            Duration connect = timeout > 0 ? Duration.ofMillis(timeout) : answerTimeout;
            HttpConnectTunnel.open(this, super::connect, proxy, host, target.getPort(), connect, answerTimeout);
        }
    }
}
