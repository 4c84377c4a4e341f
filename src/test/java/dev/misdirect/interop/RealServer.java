package dev.misdirect.interop;

import dev.misdirect.core.replay.ServerLogSource;
import dev.misdirect.core.timeline.ServerView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A real server program (Apache httpd, nginx, HAProxy, Caddy) started by a test on a loopback address with its own
 * configuration in a temporary directory, and stopped with it. Nothing it does leaves 127.0.0.0/8.
 */
abstract class RealServer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** How long a server may take to write an answered request to its access log. */
    static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);

    final Path dir;
    final String address;
    final int port;
    /** The server's process when it runs in the foreground as the test's child ({@link #startForeground}). */
    private Optional<Process> foreground = Optional.empty();

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

    /** Deletes a directory tree the tests created (configuration, certificates, logs, browser profile). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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

    /**
     * Stops the server: runs {@code stopCommand}, then waits (bounded) until the master process named in
     * {@code pidFile} and all its workers are gone, killing what is left after the bound; then deletes the
     * server's directory.
     */
    void stop(List<String> stopCommand, Path pidFile) throws IOException, InterruptedException {
        Optional<ProcessHandle> master = Optional.empty();
        if (Files.exists(pidFile)) {
            master = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        }
        List<ProcessHandle> all = new ArrayList<>();
        master.ifPresent(m -> {
            all.add(m);
            m.descendants().forEach(all::add);
        });
        try {
            run(stopCommand, START_TIMEOUT);
        } finally {
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
        deleteTree(dir);
    }

    /**
     * Runs the start command and waits until the server accepts TCP connections, both within
     * {@link #START_TIMEOUT}; on failure stops whatever started and throws with the server's error log.
     */
    void start(List<String> startCommand, Path errorLog) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            run(startCommand, START_TIMEOUT);
            awaitListening(errorLog, deadline);
        } catch (IOException | RuntimeException e) {
            closeAfterFailedStart(e);
            throw e;
        }
    }

    /**
     * Starts a program that stays in the foreground (HAProxy {@code -db}, {@code caddy run}) as the test's child, its
     * standard output and error written to {@code output}, and waits until it accepts TCP connections within
     * {@link #START_TIMEOUT}; on failure stops it and throws with what it wrote. {@link #stopForeground()} stops it.
     */
    void startForeground(List<String> command, Map<String, String> environment, Path output)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        try {
            foreground = Optional.of(builder.start());
            awaitListening(output, deadline);
        } catch (IOException | RuntimeException e) {
            closeAfterFailedStart(e);
            throw e;
        }
    }

    /**
     * Stops a server started by {@link #startForeground}: SIGTERM, then waits (bounded) until it and its children are
     * gone, killing what is left after the bound; then deletes the server's directory.
     */
    void stopForeground() throws IOException, InterruptedException {
        if (foreground.isPresent()) {
            Process p = foreground.get();
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        deleteTree(dir);
    }

    private void closeAfterFailedStart(Exception e) {
        try {
            close();
        } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    @Override
    public abstract void close() throws IOException, InterruptedException;

    private void awaitListening(Path errorLog, long deadline) throws IOException, InterruptedException {
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (foreground.isPresent() && !foreground.get().isAlive()) {
                last = new IOException("it exited with " + foreground.get().exitValue());
                break;
            }
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

    /** The server's error log (Apache: {@code LogLevel warn ssl:info}; nginx: {@code error_log ... info}). */
    Path errorLog() {
        return dir.resolve("logs/error.log");
    }

    /** Waits (bounded by {@link #LOG_TIMEOUT}, woken by file-system events) until the error log holds {@code text}. */
    Path awaitErrorLog(String text) throws IOException, InterruptedException {
        awaitLogs(() -> Files.exists(errorLog()) && Files.readString(errorLog()).contains(text),
                "wrote no \"" + text + "\" to its error log");
        return errorLog();
    }

    /** A check of the log files that may fail to read them. */
    interface LogCondition {
        boolean holds() throws IOException;
    }

    /**
     * Waits, woken by file-system events in the {@code logs} directory and bounded by {@link #LOG_TIMEOUT}, until
     * {@code done} holds; else throws with the server's origin and {@code missing} (what it did not write).
     */
    void awaitLogs(LogCondition done, String missing) throws IOException, InterruptedException {
        Path logs = dir.resolve("logs");
        try (WatchService watch = logs.getFileSystem().newWatchService()) {
            logs.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long deadline = System.nanoTime() + LOG_TIMEOUT.toNanos();
            while (!done.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(origin() + " " + missing + " within " + LOG_TIMEOUT.toMillis() + " ms");
                }
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    /** The lines of a log file so far that are not blank (none when it does not exist yet). */
    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    /** The program's name for messages ("Apache httpd", "nginx"). */
    abstract String program();

    /** "Apache httpd 127.0.0.21:40123". */
    String origin() {
        return program() + " " + address + ":" + port;
    }

    /**
     * One line of the server's own access log, written in the format both configurations use:
     * {@code CLIENT_PORT|SNI|HOST|REQUEST_LINE|STATUS} (an absent value is logged as "-" or left empty).
     */
    record AccessEntry(int clientPort, Optional<String> sni, String host, String method, String path, String protocol,
                       int status) {
        static AccessEntry parse(String line) {
            String[] f = line.split("\\|", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("access log line has " + f.length + " fields, not 5: " + line);
            }
            String[] request = f[3].split(" ");
            if (request.length != 3) {
                throw new IllegalArgumentException("access log request line is not METHOD PATH PROTOCOL: " + line);
            }
            Optional<String> sni = f[1].isEmpty() || f[1].equals("-") ? Optional.empty() : Optional.of(f[1]);
            return new AccessEntry(Integer.parseInt(f[0]), sni, f[2], request[0], request[1], request[2],
                    Integer.parseInt(f[4]));
        }

        /** "h2" for an HTTP/2 request line, else "http/1.1". */
        String alpn() {
            return protocol.startsWith("HTTP/2") ? "h2" : "http/1.1";
        }
    }

    /** The access log entries written so far, in the order the server wrote them. */
    List<AccessEntry> accessLog() throws IOException {
        Path p = dir.resolve("logs/access.log");
        List<AccessEntry> out = new ArrayList<>();
        for (String line : lines(p)) {
            out.add(AccessEntry.parse(line));
        }
        return out;
    }

    /**
     * The access log as the replay engine's server view (joined to the client's exchanges by client port), from the
     * entries written after this call on: earlier runs' connections may have used the same client ports. A server
     * writes an entry after it has answered, so a snapshot first waits (bounded by {@link #LOG_TIMEOUT}) until at
     * least {@code expected} new entries are there.
     */
    ServerLogSource serverLogFromNow(IntSupplier expected) throws IOException {
        int skip = accessLog().size();
        return () -> {
            try {
                awaitEntries(skip + expected.getAsInt());
                return accessLog().stream().skip(skip).map(e -> new ServerView(origin(), e.clientPort(), e.sni(),
                        e.alpn(), e.host(), e.path(), e.status(), program() + " access log")).toList();
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read the access log of " + origin(), ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the access log of " + origin(), ex);
            }
        };
    }

    /** Waits until the access log holds {@code count} entries, woken by file-system events, bounded. */
    void awaitEntries(int count) throws IOException, InterruptedException {
        awaitLogs(() -> accessLog().size() >= count, "logged fewer than " + count + " requests");
    }
}
