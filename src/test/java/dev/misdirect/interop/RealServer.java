package dev.misdirect.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server program (Apache httpd, nginx) started by a test on a loopback address with its own
 * configuration in a temporary directory, and stopped with it. Nothing it does leaves 127.0.0.0/8.
 */
abstract class RealServer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    final Path dir;
    final String address;
    final int port;

    RealServer(Path dir, String address, int port) {
        this.dir = dir;
        this.address = address;
        this.port = port;
    }

    /** A world-readable temporary directory (the servers' worker user must read the docroot). */
    static Path newDir(String prefix) throws IOException {
        Path d = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return d;
    }

    /** A TCP port free right now on {@code address} (the server binds it a moment later). */
    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to completion (bounded) and returns its combined output; fails on a non-zero exit. */
    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Waits until the server accepts TCP connections, bounded by {@link #START_TIMEOUT}. */
    void awaitListening(Path errorLog) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 500);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50); // polling a child process's socket: there is no event to wait on
            }
        }
        String log = Files.exists(errorLog) ? Files.readString(errorLog) : "(no error log)";
        throw new IOException(getClass().getSimpleName() + " did not listen on " + address + ":" + port + " within "
                + START_TIMEOUT.toSeconds() + " s: " + last + "\n" + log);
    }

    /** The access log lines written so far. */
    List<String> accessLog() throws IOException {
        Path p = dir.resolve("logs/access.log");
        return Files.exists(p) ? Files.readAllLines(p) : new ArrayList<>();
    }
}
