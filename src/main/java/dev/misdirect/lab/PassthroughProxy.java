package dev.misdirect.lab;

import dev.misdirect.core.model.Endpoint;
import dev.misdirect.lab.Scenario.PassthroughSpec;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS passthrough proxy (HAProxy in TCP mode with {@code use_backend} on {@code req.ssl_sni}, an SNI-routing
 * ingress): reads the SNI from the ClientHello without terminating TLS and splices the connection to the backend
 * its routes name, so the backend makes the handshake and sees every request of the connection. It never reads
 * HTTP: a request for another host on that connection reaches the same backend. The backend learns the client's
 * address from a PROXY protocol v1 line sent first, so its log names the client's port.
 *
 * <p>Threads: one accepting, two per spliced connection, all named from the lab's prefix and ended by
 * {@link #close()}. Reading the ClientHello times out after {@link UpstreamPool#TIMEOUT_MILLIS}.
 */
final class PassthroughProxy implements AutoCloseable {
    private static final int MAX_RECORD = 1 << 14;

    private final PassthroughSpec spec;
    private final Map<String, Endpoint> backends;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;

    /** @param backends backend origin name → its endpoint, for every backend the routes name */
    PassthroughProxy(PassthroughSpec spec, Map<String, Endpoint> backends, String threadName) throws IOException {
        this.spec = spec;
        this.backends = Map.copyOf(backends);
        AtomicInteger n = new AtomicInteger();
        int priority = Thread.currentThread().getPriority();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        });
        this.server = new ServerSocket();
    }

    PassthroughSpec spec() {
        return spec;
    }

    /** Binds {@code spec.address():port} (0 = any free port) and starts accepting. */
    void start(int port) throws IOException {
        server.bind(new InetSocketAddress(InetAddress.getByName(spec.address()), port));
        threads.execute(this::accept);
    }

    Endpoint endpoint() {
        return new Endpoint(spec.address(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> splice(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void splice(Socket client) {
        try (client) {
            client.setSoTimeout(UpstreamPool.TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (header[0] != 0x16 || length > MAX_RECORD) {
                return; // not a TLS handshake: a passthrough proxy drops it
            }
            byte[] record = new byte[length];
            in.readFully(record);
            Optional<String> sni = sniOf(record);
            Endpoint backend = backends.get(sni.map(spec.routes()::get).orElse(spec.fallback()));
            if (backend == null) {
                backend = backends.get(spec.fallback());
            }
            client.setSoTimeout(0);
            try (Socket upstream = new Socket()) {
                open.add(upstream);
                // Nagle's algorithm off both ways, as HAProxy and nginx relay: the PROXY header and the first bytes
                // are two writes, and a relayed small write must not wait for the peer's delayed acknowledgement
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(backend.address(), backend.port()), UpstreamPool.TIMEOUT_MILLIS);
                OutputStream out = upstream.getOutputStream();
                out.write(("PROXY TCP4 " + client.getInetAddress().getHostAddress() + " " + spec.address() + " "
                        + client.getPort() + " " + client.getLocalPort() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(header);
                out.write(record);
                out.flush();
                threads.execute(() -> pipe(upstream, client));
                pipe(client, upstream);
            } finally {
                open.removeIf(Socket::isClosed);
            }
        } catch (IOException e) {
            // the client or the backend went away: nothing to tell anyone
        } finally {
            open.remove(client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /**
     * The host name of the server_name extension of a ClientHello handshake record (RFC 8446 §4.1.2, RFC 6066 §3).
     * Empty when there is none or the record is not a ClientHello.
     */
    static Optional<String> sniOf(byte[] record) {
        try {
            ByteBuffer b = ByteBuffer.wrap(record);
            if (b.get() != 0x01) {
                return Optional.empty();
            }
            b.position(b.position() + 3 + 2 + 32); // handshake length, legacy_version, random
            skip(b, b.get() & 0xff); // legacy_session_id
            skip(b, b.getShort() & 0xffff); // cipher_suites
            skip(b, b.get() & 0xff); // legacy_compression_methods
            int end = (b.getShort() & 0xffff) + b.position();
            while (b.position() + 4 <= end) {
                int type = b.getShort() & 0xffff;
                int size = b.getShort() & 0xffff;
                if (type != 0) {
                    skip(b, size);
                    continue;
                }
                b.getShort(); // server_name_list length
                if (b.get() != 0) {
                    return Optional.empty();
                }
                byte[] name = new byte[b.getShort() & 0xffff];
                b.get(name);
                return Optional.of(new String(name, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT));
            }
            return Optional.empty();
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(PassthroughProxy::closeQuietly);
        threads.shutdownNow();
    }
}
