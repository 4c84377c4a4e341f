package dev.misdirect.core.net;

import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a tunnel through a {@link ForwardProxy}: a TCP connection to the proxy, then one {@code CONNECT host:port
 * HTTP/1.1} request (with {@code Proxy-Authorization} when the proxy has credentials) and its answer's head. After a
 * 2xx answer the socket carries the bytes of the tunnelled connection (the TLS handshake comes next); anything else
 * is a {@link Refused} naming the proxy's status.
 *
 * <p>Blocking, on the calling thread: the proxy's name lookup (when it is not an IP literal) and the TCP connect are
 * each bounded by the connect timeout, the answer by the answer timeout. Closing the socket from another thread
 * (cancel) ends the wait at once with an {@link IOException}. The answer's head is read one byte at a time, so not
 * one byte of the tunnelled connection is consumed; it may be at most {@value #MAX_HEAD} bytes long.
 */
public final class HttpConnectTunnel {
    static final int MAX_HEAD = 16 * 1024;

    private HttpConnectTunnel() {
    }

    /** The proxy did not open the tunnel; {@link #status()} is its answer's status, 0 when it gave no HTTP answer. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The TCP connection to the proxy itself failed (refused, timed out, no route, its name did not resolve). */
    public static final class ProxyUnreachable extends IOException {
        ProxyUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Connects the unconnected {@code socket} to {@code proxy} and asks it for a tunnel to {@code host:port}
     * ({@code host} a name the proxy resolves, or an IP literal). Restores the socket's read timeout afterwards.
     *
     * @throws ProxyUnreachable when the proxy cannot be reached
     * @throws Refused          when the proxy answers with anything but 2xx, or with no HTTP answer at all
     * @throws IOException      when the socket was closed meanwhile (cancelled)
     */
    public static void open(Socket socket, ForwardProxy proxy, String host, int port, Duration connectTimeout,
                            Duration answerTimeout) throws IOException {
        open(socket, socket::connect, proxy, host, port, connectTimeout, answerTimeout);
    }

    /** How the socket's own TCP connect is made (a socket whose {@code connect} is the tunnel passes its super's). */
    @FunctionalInterface
    interface Dialer {
        void connect(java.net.SocketAddress address, int timeoutMillis) throws IOException;
    }

    static void open(Socket socket, Dialer dialer, ForwardProxy proxy, String host, int port, Duration connectTimeout,
                     Duration answerTimeout) throws IOException {
        int connectMillis = (int) Math.max(1, connectTimeout.toMillis());
        InetSocketAddress address = new InetSocketAddress(lookUp(proxy, connectMillis), proxy.port());
        try {
            dialer.connect(address, connectMillis);
        } catch (SocketTimeoutException e) {
            throw new ProxyUnreachable("TCP connect to the proxy http://" + proxy.authority() + " did not complete within "
                    + connectMillis + " ms", e);
        } catch (ConnectException e) {
            throw new ProxyUnreachable("connection to the proxy http://" + proxy.authority() + " refused (nothing listening)", e);
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e; // cancelled
            }
            throw new ProxyUnreachable("TCP connect to the proxy http://" + proxy.authority() + " failed: " + e.getMessage(), e);
        }
        String target = HostPort.bracketed(host) + ":" + port;
        StringBuilder request = new StringBuilder("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(target).append("\r\n");
        proxy.proxyAuthorization().ifPresent(v -> request.append("Proxy-Authorization: ").append(v).append("\r\n"));
        request.append("\r\n");
        int before = socket.getSoTimeout();
        int answerMillis = (int) Math.max(1, answerTimeout.toMillis());
        socket.setSoTimeout(answerMillis);
        String head;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            head = readHead(socket.getInputStream(), proxy, target);
        } catch (SocketTimeoutException e) {
            throw new Refused(0, "the proxy http://" + proxy.authority() + " did not answer CONNECT " + target + " within " + answerMillis
                    + " ms");
        }
        socket.setSoTimeout(before);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new Refused(0, "the proxy http://" + proxy.authority() + " answered CONNECT " + target + " with something that is not"
                    + " HTTP ('" + printable(statusLine) + "'): is " + proxy.authority() + " an HTTP proxy?");
        }
        int status = Integer.parseInt(parts[1]);
        if (status / 100 == 2) {
            return;
        }
        throw refused(proxy, target, status, parts.length > 2 ? printable(parts[2]) : "");
    }

    /** True when {@code message} is one of this class's: about the proxy, not the server behind it. */
    public static boolean namesTheProxy(String message) {
        return message.contains("the proxy http://") || message.contains("the proxy's name ");
    }

    /** The proxy's refusal of a tunnel to {@code target} with {@code status}, explained. */
    static Refused refused(ForwardProxy proxy, String target, int status, String reason) {
        String why = switch (status) {
            // 407 asks for credentials; some proxies (tinyproxy) answer wrong ones with 401
            case 401, 407 -> proxy.user().isPresent()
                    ? ": it refused the credentials given"
                    : ": it asks for credentials (give the proxy as http://USER:PASSWORD@HOST:PORT)";
            case 403 -> ": it does not allow a tunnel to " + target + " (its rules may allow only some ports)";
            case 502, 503, 504 -> ": it could not reach " + target + " itself";
            default -> "";
        };
        return new Refused(status, "the proxy http://" + proxy.authority() + " refused CONNECT " + target + ": " + status
                + (reason.isEmpty() ? "" : " " + reason) + why);
    }

    /** The proxy's address: an IP literal as it is, a name looked up within the connect timeout. */
    private static InetAddress lookUp(ForwardProxy proxy, int timeoutMillis) throws ProxyUnreachable {
        try {
            if (IpLiterals.isIpLiteral(proxy.host())) {
                return InetAddress.getByAddress(IpLiterals.parse(proxy.host()).orElseThrow());
            }
            CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
                try {
                    return InetAddress.getByName(proxy.host());
                } catch (UnknownHostException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            return lookup.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (UnknownHostException | ExecutionException e) {
            throw new ProxyUnreachable("the proxy's name " + proxy.host() + " does not resolve", e);
        } catch (TimeoutException e) {
            throw new ProxyUnreachable("the proxy's name " + proxy.host() + " did not resolve within " + timeoutMillis
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyUnreachable("interrupted while resolving the proxy's name " + proxy.host(), e);
        }
    }

    /** The answer's status line and header fields, up to the empty line; never a byte beyond it. */
    private static String readHead(InputStream in, ForwardProxy proxy, String target) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of "\r\n\r\n" ends the bytes read
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Refused(0, "the proxy http://" + proxy.authority() + " closed the connection before answering CONNECT " + target);
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new Refused(0, "the proxy http://" + proxy.authority() + " answered CONNECT " + target + " with a head longer than "
                        + MAX_HEAD + " bytes");
            }
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1
                    : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static String printable(String text) {
        String t = text.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }
}
