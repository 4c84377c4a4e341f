package dev.misdirect.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool} (package prometheus): Prometheus's own parsers and linters for exposition text, scrape
 * configurations and rule files, run as a child process with a deadline.
 */
final class Promtool {
    static final Path BINARY = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private Promtool() {
    }

    static boolean prometheusAvailable() {
        return Files.isExecutable(BINARY) && Files.isExecutable(PROMETHEUS);
    }

    /** What one run said: its exit code and its stdout and stderr together. */
    record Outcome(int exit, String output) {
    }

    /** {@code promtool check metrics}: parses the text (Prometheus's text parser) and lints names, units and help. */
    static Outcome checkMetrics(String exposition) throws IOException, InterruptedException {
        return withInput(exposition, "check", "metrics");
    }

    /** {@code promtool ARGS...} with no input. */
    static Outcome run(String... args) throws IOException, InterruptedException {
        return withInput("", args);
    }

    private static Outcome withInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
