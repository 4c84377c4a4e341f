package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Caddy (2.6) with a generated Caddyfile: one site for the given names on one loopback address and port,
 * under one certificate file, answering each name with its own name. {@code strict_sni_host on} makes Caddy answer 421
 * when the Host differs from the TLS server name. No admin endpoint, no automatic HTTPS (nothing is fetched or
 * installed), HTTP/1.1 and HTTP/2 only. Runs in the foreground ({@code caddy run}) as the test's child; its JSON
 * access log is {@link #accessJson()}.
 */
final class Caddy extends RealServer {
    static final Path BINARY = Path.of("/usr/bin/caddy");

    private Caddy(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static Caddy start(String address, List<String> names, TestPki.Leaf certificate)
            throws IOException, InterruptedException {
        Path dir = newDir("misdirect-caddy");
        Caddy server = new Caddy(dir, address, freePort(address));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        String sites = String.join(", ", names.stream().map(n -> "https://" + n + ":" + server.port).toList());
        String caddyfile = """
                {
                  admin off
                  auto_https off
                  storage file_system %1$s/data
                  servers {
                    protocols h1 h2
                    strict_sni_host on
                  }
                }
                %2$s {
                  bind %3$s
                  tls %4$s %5$s
                  log {
                    output file %1$s/logs/access.json
                    format json
                  }
                  respond "{host}\\n" 200
                }
                """.formatted(dir, sites, address, certificate.certPem(), certificate.keyPem());
        Path config = dir.resolve("Caddyfile");
        Files.writeString(config, caddyfile);
        // Caddy keeps its state under $HOME and the XDG directories: here, the test's directory
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_DATA_HOME", dir.resolve("data").toString(),
                "XDG_CONFIG_HOME", dir.resolve("data").toString());
        server.startForeground(List.of(BINARY.toString(), "run", "--config", config.toString(), "--adapter",
                "caddyfile"), env, server.errorLog());
        return server;
    }

    /** Caddy's JSON access log: one object per answered request, with the TLS server name and the Host. */
    Path accessJson() {
        return dir.resolve("logs/access.json");
    }

    @Override
    String program() {
        return "Caddy";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopForeground();
    }
}
