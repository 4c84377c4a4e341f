package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Unbound (1.17) as an authoritative-only DNS server for one test zone: {@code local-zone: ZONE static} and
 * the records given as {@code local-data} (A, AAAA and HTTPS in zone-file syntax), answered over UDP and TCP on a
 * free port of a loopback address. No recursion, no root hints, no chroot, no user switch, no daemon: it runs in the
 * foreground ({@code -d}) as the test's child, its pid file and configuration in a temporary directory.
 */
final class Unbound extends RealServer {
    static final Path BINARY = Path.of("/usr/sbin/unbound");

    private Unbound(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts Unbound on a free port of {@code address}, serving {@code zone} (e.g. {@code dns.test.}) with these
     * records, each a zone-file line such as {@code a.dns.test. IN HTTPS 1 . alpn=h3,h2}; any other name in the zone
     * is NXDOMAIN, and a name outside it is refused.
     */
    static Unbound start(String address, String zone, List<String> records) throws IOException, InterruptedException {
        Path dir = newDir("misdirect-unbound");
        Unbound server = new Unbound(dir, address, freePort(address));
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder conf = new StringBuilder("""
                server:
                  interface: %s@%d
                  port: %d
                  do-daemonize: no
                  chroot: ""
                  username: ""
                  directory: "%s"
                  pidfile: "%s"
                  use-syslog: no
                  logfile: ""
                  verbosity: 1
                  do-ip4: yes
                  do-ip6: no
                  do-udp: yes
                  do-tcp: yes
                  access-control: 127.0.0.0/8 allow
                  module-config: "iterator"
                  local-zone: "%s" static
                """.formatted(address, server.port, server.port, dir, dir.resolve("unbound.pid"), zone));
        for (String r : records) {
            conf.append("  local-data: \"").append(r).append("\"\n");
        }
        conf.append("remote-control:\n  control-enable: no\n");
        Path confFile = dir.resolve("unbound.conf");
        Files.writeString(confFile, conf);
        server.startForeground(List.of(BINARY.toString(), "-d", "-c", confFile.toString()), Map.of(),
                server.errorLog());
        return server;
    }

    /** {@code ADDR:PORT}, as {@code --resolver} takes it. */
    String resolverArgument() {
        return address + ":" + port;
    }

    @Override
    String program() {
        return "Unbound";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopForeground();
    }
}
