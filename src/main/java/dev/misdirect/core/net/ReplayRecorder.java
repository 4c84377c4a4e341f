package dev.misdirect.core.net;

import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.timeline.TimelineEvent;
import okhttp3.Connection;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Collects the timeline events of one run. Times are microseconds since the recorder was created, from a
 * monotonic clock. Connection ids are handed out 1, 2, 3 in the order connections were opened (the identity of
 * the underlying connection object, so a reused connection keeps its id); exchange ids 1, 2, 3 in the order
 * requests were sent.
 *
 * <p>Thread-safe: events may arrive from any thread (the calling thread, the client's connect threads). Each
 * event is handed to the sink on the thread that produced it, after it has been stored; the sink must not
 * block. No OkHttp type appears in the public API.
 */
public final class ReplayRecorder {
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final Consumer<TimelineEvent> sink;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final Map<Connection, ConnectionInfo> connections = new IdentityHashMap<>();
    private int lastConnectionId;
    private int lastExchangeId;

    /** A recorder on {@link System#nanoTime()} that only stores events. */
    public ReplayRecorder() {
        this(System::nanoTime, e -> { });
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds
     * @param sink     told of each event as it is recorded (progress display); must not block
     */
    public ReplayRecorder(LongSupplier nanoTime, Consumer<TimelineEvent> sink) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.sink = sink;
    }

    /** Microseconds since the recorder was created. */
    public long nowMicros() {
        return (nanoTime.getAsLong() - startNanos) / 1_000;
    }

    /** Records an event produced outside the client (server observations, notes). */
    public void emit(TimelineEvent event) {
        synchronized (events) {
            events.add(event);
        }
        sink.accept(event);
    }

    /** A snapshot of the events recorded so far, in recording order. */
    public List<TimelineEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    int nextConnectionId() {
        synchronized (connections) {
            return ++lastConnectionId;
        }
    }

    int nextExchangeId() {
        synchronized (events) {
            return ++lastExchangeId;
        }
    }

    /** The known connection, empty when this connection object has not been seen. */
    Optional<ConnectionInfo> known(Connection connection) {
        synchronized (connections) {
            return Optional.ofNullable(connections.get(connection));
        }
    }

    /**
     * Registers a connection the first time it is seen, with {@code proposedId} (the id given at its connect start)
     * or a fresh one; returns the info and whether it was new.
     */
    Registration register(Connection connection, int proposedId) {
        synchronized (connections) {
            ConnectionInfo info = connections.get(connection);
            if (info != null) {
                return new Registration(info, false);
            }
            int id = proposedId > 0 ? proposedId : ++lastConnectionId;
            info = ConnectionInfo.of(id, connection);
            connections.put(connection, info);
            return new Registration(info, true);
        }
    }

    Collection<ConnectionInfo> connections() {
        synchronized (connections) {
            return List.copyOf(connections.values());
        }
    }

    record Registration(ConnectionInfo info, boolean opened) {
    }

    /** What the timeline needs to know of a connection, captured when it is first seen. */
    record ConnectionInfo(int id, Optional<String> sni, String peerAddress, int peerPort, int localPort,
                          String protocol, Optional<String> tlsVersion, Optional<String> peerCertificate) {

        static ConnectionInfo of(int id, Connection c) {
            String host = c.route().address().url().host();
            Optional<String> sni = IpLiterals.isIpLiteral(host) ? Optional.empty() : Optional.of(host);
            var peer = c.route().socketAddress();
            String address = peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
            Optional<String> version = Optional.empty();
            Optional<String> cert = Optional.empty();
            if (c.handshake() != null) {
                version = Optional.of(c.handshake().tlsVersion().javaName());
                cert = summary(c.handshake().peerCertificates());
            }
            return new ConnectionInfo(id, sni, address, peer.getPort(), c.socket().getLocalPort(),
                    c.protocol().toString(), version, cert);
        }

        static Optional<String> summary(List<Certificate> chain) {
            if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            List<String> sans = new ArrayList<>();
            try {
                if (leaf.getSubjectAlternativeNames() != null) {
                    for (List<?> san : leaf.getSubjectAlternativeNames()) {
                        Object type = san.get(0);
                        if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
                            sans.add(String.valueOf(san.get(1)));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                sans.add("(unreadable SANs)");
            }
            return Optional.of(leaf.getSubjectX500Principal().getName() + " SAN " + (sans.isEmpty() ? "(none)"
                    : String.join(", ", sans)));
        }
    }

    /** Closes the books: a {@code ConnectionClosed} for every connection seen. */
    void closeAll(String reason) {
        long t = nowMicros();
        for (ConnectionInfo info : connections()) {
            emit(new TimelineEvent.ConnectionClosed(t, info.id(), reason));
        }
    }
}
