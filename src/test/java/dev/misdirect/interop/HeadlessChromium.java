package dev.misdirect.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless and offline: lab names mapped to loopback with {@code --host-resolver-rules} and every
 * other name unresolvable (so the browser's own background requests never leave the machine), the
 * test leaf trusted by its SPKI hash ({@code --ignore-certificate-errors-spki-list}; plain
 * {@code --ignore-certificate-errors} would disable coalescing), QUIC and background networking off, a fresh
 * profile, and a NetLog of everything it did.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Loads {@code url}, waits for the page (and its sub-resources) to load, and returns the NetLog path.
     *
     * @param hostMap  lab host name → loopback address
     * @param spkiPins base64 SHA-256 SPKI hashes of the leaves to trust
     */
    static Path load(String url, Map<String, String> hostMap, List<String> spkiPins, Path workDir)
            throws IOException, InterruptedException {
        Path netLog = workDir.resolve("netlog.json");
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        StringBuilder rules = new StringBuilder();
        hostMap.forEach((host, addr) -> rules.append(rules.length() == 0 ? "" : ", ").append("MAP ").append(host).append(' ').append(addr));
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--user-data-dir=" + profile,
                "--host-resolver-rules=" + rules + ", EXCLUDE localhost, MAP * ~NOTFOUND",
                "--ignore-certificate-errors-spki-list=" + String.join(",", spkiPins),
                "--log-net-log=" + netLog, "--net-log-capture-mode=Default",
                "--virtual-time-budget=5000",
                "--dump-dom", url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("chromium.out").toFile()).start();
        boolean exited;
        try {
            exited = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            throw e;
        }
        if (!exited) {
            killTree(p);
            throw new IOException("chromium did not finish loading " + url + " within " + TIMEOUT.toSeconds() + " s");
        }
        if (!Files.exists(netLog) || Files.size(netLog) == 0) {
            throw new IOException("chromium wrote no NetLog (exit " + p.exitValue() + "): "
                    + Files.readString(workDir.resolve("chromium.out"), StandardCharsets.UTF_8));
        }
        return netLog;
    }

    /** Kills the browser and its zygote, renderer, GPU and network processes, and waits (bounded) for them to go. */
    private static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // already asked to die; nothing more can be done from here
            }
        }
    }
}
