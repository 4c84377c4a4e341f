package dev.misdirect.core.net;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * Plain sockets with Nagle's algorithm off ({@code TCP_NODELAY}), as curl and Chromium open theirs. With it on (the
 * JVM's default, which OkHttp keeps) a client's second small write in a row waits for the server to acknowledge the
 * first, and a server that has nothing to send delays that acknowledgement (up to 40 ms on Linux): an HTTP/2 request
 * written after a WINDOW_UPDATE or a SETTINGS acknowledgement then takes 40 ms longer than it does in a browser, and
 * a replay's timeline would show that wait as the server's.
 */
final class NoDelaySockets extends SocketFactory {
    /** The factory: the JDK's default sockets, each with {@code TCP_NODELAY} set. */
    static final SocketFactory FACTORY = new NoDelaySockets();

    private final SocketFactory plain = SocketFactory.getDefault();

    private NoDelaySockets() {
    }

    /** {@code socket} with Nagle's algorithm off. */
    static <S extends Socket> S noDelay(S socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }
}
