package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's tinyproxy (1.11) as a forward proxy on loopback: it accepts clients from 127.0.0.1 only, opens
 * {@code CONNECT} tunnels to the given ports only, and asks for Basic credentials when {@code basicAuth} is given.
 * Runs in the foreground ({@code -d}) as the test's child; its log (level Connect: one line per tunnel asked for)
 * goes to its standard output.
 */
final class Tinyproxy extends RealServer {
    static final Path BINARY = Path.of("/usr/bin/tinyproxy");
    private static final Pattern CONNECT_LINE = Pattern.compile("Request \\(file descriptor \\d+\\): CONNECT (\\S+) HTTP");

    private Tinyproxy(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts tinyproxy on a free port of 127.0.0.1, allowing tunnels to {@code connectPorts}; with {@code basicAuth}
     * (user, password) it asks every client for those credentials.
     */
    static Tinyproxy start(List<Integer> connectPorts, Optional<Map.Entry<String, String>> basicAuth)
            throws IOException, InterruptedException {
        Path dir = newDir("misdirect-tinyproxy");
        Tinyproxy proxy = new Tinyproxy(dir, "127.0.0.1", freePort("127.0.0.1"));
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder conf = new StringBuilder("""
                Port %d
                Listen 127.0.0.1
                Timeout 30
                MaxClients 32
                LogLevel Connect
                Allow 127.0.0.1
                DisableViaHeader Yes
                """.formatted(proxy.port));
        connectPorts.forEach(p -> conf.append("ConnectPort ").append(p).append('\n'));
        basicAuth.ifPresent(a -> conf.append("BasicAuth ").append(a.getKey()).append(' ').append(a.getValue()).append('\n'));
        Path confFile = dir.resolve("tinyproxy.conf");
        Files.writeString(confFile, conf);
        proxy.startForeground(List.of(BINARY.toString(), "-d", "-c", confFile.toString()), Map.of(), proxy.errorLog());
        return proxy;
    }

    /** {@code http://[user:password@]127.0.0.1:PORT}. */
    String url(Optional<String> userInfo) {
        return "http://" + userInfo.map(u -> u + "@").orElse("") + address + ":" + port;
    }

    /** Every {@code host:port} a client asked a tunnel to so far, in order. */
    List<String> tunnelsAskedFor() throws IOException {
        return lines(errorLog()).stream().map(CONNECT_LINE::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    @Override
    String program() {
        return "tinyproxy";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopForeground();
    }
}
