package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's HAProxy (2.6) as a TLS passthrough proxy: TCP mode, reading the SNI of each ClientHello
 * ({@code req.ssl_sni}) and forwarding the connection unopened to the backend named for that SNI. It never sees a
 * Host header, so every request on a connection goes where the connection's SNI went. Runs in the foreground
 * ({@code -db}) as the test's child, logging one line per connection to its standard output as soon as the backend
 * is connected ({@code option logasap}).
 */
final class Haproxy extends RealServer {
    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    /** One connection as HAProxy logged it: the client's port, the SNI it routed by, the backend and its own port. */
    record Routed(int clientPort, Optional<String> sni, String backend, int backendSourcePort) {
        static Routed parse(String line) {
            String[] f = line.split("\\|", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("HAProxy log line has " + f.length + " fields, not 4: " + line);
            }
            Optional<String> sni = f[1].isEmpty() || f[1].equals("-") ? Optional.empty() : Optional.of(f[1]);
            return new Routed(Integer.parseInt(f[0]), sni, f[2], Integer.parseInt(f[3]));
        }
    }

    private Haproxy(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts HAProxy on a free port of {@code address}, routing each SNI of {@code routes} to that server. */
    static Haproxy start(String address, Map<String, RealServer> routes) throws IOException, InterruptedException {
        Path dir = newDir("misdirect-haproxy");
        Haproxy proxy = new Haproxy(dir, address, freePort(address));
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder conf = new StringBuilder("""
                global
                  log stdout format raw local0
                  maxconn 64
                defaults
                  mode tcp
                  log global
                  option logasap
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s
                frontend sni
                  bind %s:%d
                  tcp-request inspect-delay 5s
                  tcp-request content capture req.ssl_sni len 253
                  tcp-request content accept if { req.ssl_hello_type 1 }
                  log-format "%%cp|%%[capture.req.hdr(0)]|%%b|%%bp"
                """.formatted(address, proxy.port));
        for (String sni : routes.keySet()) {
            conf.append("  use_backend ").append(backendFor(sni)).append(" if { req.ssl_sni -i ").append(sni).append(" }\n");
        }
        routes.forEach((sni, server) -> conf.append("backend ").append(backendFor(sni)).append('\n')
                .append("  server origin ").append(server.address).append(':').append(server.port).append('\n'));
        Path confFile = dir.resolve("haproxy.cfg");
        Files.writeString(confFile, conf);
        proxy.startForeground(List.of(BINARY.toString(), "-db", "-f", confFile.toString()), Map.of(), proxy.errorLog());
        return proxy;
    }

    /** The name HAProxy logs for the backend it routed {@code sni} to. */
    static String backendFor(String sni) {
        return "to_" + sni.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Every connection HAProxy routed to a backend so far (its output's other lines are warnings). */
    List<Routed> routed() throws IOException {
        List<Routed> out = new ArrayList<>();
        for (String line : lines(errorLog())) {
            if (line.matches("\\d+\\|[^|]*\\|[^|]+\\|\\d+")) {
                out.add(Routed.parse(line));
            }
        }
        return out;
    }

    @Override
    String program() {
        return "HAProxy";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopForeground();
    }
}
