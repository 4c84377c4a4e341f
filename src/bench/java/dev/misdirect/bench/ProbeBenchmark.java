package dev.misdirect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.probe.MapResolver;
import dev.misdirect.core.probe.ProbeOptions;
import dev.misdirect.core.probe.Prober;
import dev.misdirect.core.tls.ChainVerifier;
import dev.misdirect.core.tls.TlsStack;
import dev.misdirect.testing.TestPki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probe 50 authorities against one loopback nginx whose certificate has 50 names, as a user would: the whole
 * {@code misdirect probe} process and the in-process {@link Prober} (each TLS implementation), against a sequential
 * {@code curl --resolve} loop over the same names; and {@code misdirect --version} against a Java "hello world". All
 * measured in this run against the same server.
 */
public final class ProbeBenchmark {
    static final int NAMES = 50;
    static final String ADDRESS = "127.0.0.2";
    static final int WARMUP_RUNS = 30;
    static final int MEASURED_RUNS = 21;
    static final int PROCESS_RUNS = 7;

    public String run() throws Exception {
        String loadBefore = loadAverage();
        Path tmp = Files.createTempDirectory("misdirect-bench-probe");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES; i++) {
            names.add(String.format(Locale.ROOT, "n%02d.bench.test", i));
        }
        var ca = TestPki.ca("Bench CA");
        var leaf = TestPki.leaf(ca, "n00.bench.test", names, List.of());
        Path certPem = TestPki.writePem(tmp.resolve("leaf.pem"), List.of(leaf.cert(), ca.cert()));
        Path keyPem = TestPki.writeKeyPem(tmp.resolve("leaf.key"), leaf.key());
        Path caPem = TestPki.writePem(tmp.resolve("ca.pem"), List.of(ca.cert()));
        int port = freePort();
        Process nginx = startNginx(tmp, port, certPem, keyPem);
        try {
            Path lines = tmp.resolve("names.txt");
            Files.write(lines, names.stream().map(n -> n + ":" + port + " resolve=" + ADDRESS).toList());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> launcher = List.of("target/misdirect");
            List<String> plainJar = List.of(java, "-jar", "target/misdirect.jar");

            // whole processes, alternating so that load changes hit all alike
            List<Double> curlLoops = new ArrayList<>();
            List<Double> curlAppconnect = new ArrayList<>();
            List<Double> cliConscrypt = new ArrayList<>();
            List<Double> cliJdk = new ArrayList<>();
            List<Double> cliPlainJar = new ArrayList<>();
            List<Double> cliNoArchive = new ArrayList<>();
            List<Double> version = new ArrayList<>();
            List<Double> hello = new ArrayList<>();
            List<Double> coldTlsConscrypt = new ArrayList<>();
            List<Double> coldTlsJdk = new ArrayList<>();
            Path helloDir = writeHello(tmp);
            for (int round = 0; round < PROCESS_RUNS; round++) {
                long t0 = System.nanoTime();
                for (String n : names) {
                    Path out = tmp.resolve("curl.out");
                    requireZero(exec(List.of("curl", "-sk", "--max-time", "5", "--resolve", n + ":" + port + ":" + ADDRESS,
                            "-o", "/dev/null", "-w", "%{time_appconnect}", "https://" + n + ":" + port + "/"), out), "curl " + n, out);
                    curlAppconnect.add(Double.parseDouble(Files.readString(out).trim()) * 1000);
                }
                curlLoops.add(ms(t0));
                for (TlsStack stack : TlsStack.values()) {
                    Path out = tmp.resolve("cli-" + stack.id() + ".json");
                    List<String> cmd = new ArrayList<>(launcher);
                    cmd.addAll(List.of("probe", "--json", "--tls-provider", stack.id(), "--cacert", caPem.toString(),
                            "-f", lines.toString()));
                    long t1 = System.nanoTime();
                    requireZero(exec(cmd, out), "misdirect probe", out);
                    (stack == TlsStack.CONSCRYPT ? cliConscrypt : cliJdk).add(ms(t1));
                    (stack == TlsStack.CONSCRYPT ? coldTlsConscrypt : coldTlsJdk).addAll(tlsMillis(out));
                }
                // the launcher's command without its class-data archive (target/misdirect-cli.jsa)
                List<String> noArchive = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar",
                        "target/misdirect.jar"));
                noArchive.addAll(List.of("probe", "--json", "--cacert", caPem.toString(), "-f", lines.toString()));
                long tn = System.nanoTime();
                requireZero(exec(noArchive, tmp.resolve("noarchive.json")), "misdirect probe without the archive",
                        tmp.resolve("noarchive.json"));
                cliNoArchive.add(ms(tn));
                List<String> plain = new ArrayList<>(plainJar);
                plain.addAll(List.of("probe", "--json", "--cacert", caPem.toString(), "-f", lines.toString()));
                long tp = System.nanoTime();
                requireZero(exec(plain, tmp.resolve("plain.json")), "java -jar misdirect.jar probe", tmp.resolve("plain.json"));
                cliPlainJar.add(ms(tp));
                long t2 = System.nanoTime();
                requireZero(exec(List.of("target/misdirect", "--version"), tmp.resolve("v.out")),
                        "misdirect --version", tmp.resolve("v.out"));
                version.add(ms(t2));
                long t3 = System.nanoTime();
                requireZero(exec(List.of(java, "-cp", helloDir.toString(), "Hello"), tmp.resolve("h.out")), "hello",
                        tmp.resolve("h.out"));
                hello.add(ms(t3));
            }

            // in-process, after warm-up, each implementation
            ExecutorService pool = Prober.newExecutor(ProbeOptions.DEFAULT_CONCURRENCY);
            Prober prober = new Prober(pool, new MapResolver(Map.of(), "bench"), ChainVerifier.trusting(List.of(ca.cert())));
            List<Authority> authorities = names.stream().map(n -> Authority.of(n, port).withResolve(List.of(ADDRESS))).toList();
            InProcess conscrypt = inProcess(prober, authorities, ProbeOptions.defaults().withTlsStack(TlsStack.CONSCRYPT));
            InProcess jdk = inProcess(prober, authorities, ProbeOptions.defaults().withTlsStack(TlsStack.JDK));
            pool.shutdownNow();

            double curl = median(curlLoops);
            double cli = median(cliConscrypt);
            double inMs = conscrypt.medianMs();
            double versionMs = median(version);
            double helloMs = median(hello);
            double appconnect = median(curlAppconnect);
            return String.format(Locale.ROOT, """
                    ## Probe: %d authorities, one loopback nginx

                    nginx (Debian's, its own process) on %s with one certificate carrying %d DNS names (EC P-256; nginx
                    1.22 negotiates TLS 1.2 by default); each tool makes one full handshake per name with that name as SNI,
                    same run, same server. Whole processes: %d rounds, alternating, medians; `target/misdirect` is the
                    launcher the README names (for a command: `java -XX:TieredStopAtLevel=1` with the command line's
                    class-data archive `target/misdirect-cli.jsa`, `-jar misdirect.jar`). In-process: medians of %d probes
                    after %d warm-up probes (the JIT has compiled the Java side), concurrency %d (the default; handshakes
                    with a loopback address, as here, go at most one per processor at a time).

                    | Measure | Wall time | Speed vs curl loop |
                    |---|---:|---:|
                    | sequential `curl --resolve … -w '%%{time_appconnect}'` loop (baseline) | %.0f ms | 1× |
                    | `target/misdirect probe --json --cacert ca.pem -f names.txt` (whole process, Conscrypt) | %.0f ms | %.2f× |
                    | same, `--tls-provider jdk` | %.0f ms | %.2f× |
                    | same command without the class-data archive (`java -XX:TieredStopAtLevel=1 -jar target/misdirect.jar probe …`) | %.0f ms | %.2f× |
                    | `java -jar target/misdirect.jar probe …` (Conscrypt; no `-XX:TieredStopAtLevel=1`, no archive) | %.0f ms | %.2f× |
                    | `Prober` in-process after warm-up, Conscrypt | %.1f ms | %.1f× |
                    | same, JDK's TLS | %.1f ms | %.1f× |
                    | `Prober` in-process, first probe in its JVM (Conscrypt; after the whole-process runs) | %.0f ms | — |

                    | Start-up | Wall time | vs hello world |
                    |---|---:|---:|
                    | `java -cp … Hello` (a Java "hello world", baseline) | %.0f ms | 1× |
                    | `target/misdirect --version` | %.0f ms | %.2f× |

                    Honest handshake times: curl's `time_appconnect` per handshake (median over all loops) %.1f ms; the
                    `TLS ms` the whole `misdirect probe` process reports for its handshakes (a fresh JVM each time):
                    Conscrypt median %.1f ms, worst %.1f ms (%.1f× curl's median); JDK median %.1f ms, worst %.1f ms
                    (%.1f× curl's median). The TLS code is loaded before the first handshake's clock starts
                    (`TlsStack.warmUp`: a ClientHello written into memory), so a fresh process's class loading is not
                    reported as the server's latency; the JDK's elliptic-curve arithmetic still runs interpreted in a
                    fresh JVM, which its figures show.

                    Targets: whole process at least as fast as the curl loop (goal 2×): %s (%.2f×); `--version` ≤ 2× hello
                    world: %s (%.2f×); in-process ≤ 150 ms and ≥ 5× the curl loop: %s (%.1f ms, %.1f×).
                    Machine load average (1 min) before / after: %s / %s.
                    """,
                    NAMES, ADDRESS, NAMES, PROCESS_RUNS, MEASURED_RUNS, WARMUP_RUNS, ProbeOptions.DEFAULT_CONCURRENCY,
                    curl, cli, curl / cli, median(cliJdk), curl / median(cliJdk), median(cliNoArchive),
                    curl / median(cliNoArchive), median(cliPlainJar),
                    curl / median(cliPlainJar),
                    inMs, curl / inMs, jdk.medianMs(), curl / jdk.medianMs(), conscrypt.firstMs(),
                    helloMs, versionMs, versionMs / helloMs,
                    appconnect, median(coldTlsConscrypt), Collections.max(coldTlsConscrypt),
                    median(coldTlsConscrypt) / appconnect, median(coldTlsJdk), Collections.max(coldTlsJdk),
                    median(coldTlsJdk) / appconnect,
                    cli <= curl ? "met" : "NOT met", curl / cli,
                    versionMs <= 2 * helloMs ? "met" : "NOT met", versionMs / helloMs,
                    inMs <= 150 && curl / inMs >= 5 ? "met" : "NOT met", inMs, curl / inMs,
                    loadBefore, loadAverage());
        } finally {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
            deleteTree(tmp);
        }
    }

    /** First run of this configuration in this JVM, and the median of the measured runs after the warm-up. */
    record InProcess(double firstMs, double medianMs) {
    }

    private static InProcess inProcess(Prober prober, List<Authority> authorities, ProbeOptions options) throws Exception {
        double first = -1;
        List<Double> measured = new ArrayList<>();
        for (int i = 0; i < WARMUP_RUNS + MEASURED_RUNS; i++) {
            long t0 = System.nanoTime();
            List<ProbeResult> rs = prober.probe(authorities, options);
            double ms = ms(t0);
            requireAllOk(rs);
            if (i == 0) {
                first = ms;
            }
            if (i >= WARMUP_RUNS) {
                measured.add(ms);
            }
        }
        return new InProcess(first, median(measured));
    }

    /** nginx in the foreground (a child of this JVM) on ADDRESS:port with one server block; waits until it listens. */
    private static Process startNginx(Path dir, int port, Path cert, Path key) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp/body; proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fcgi; uwsgi_temp_path %1$s/tmp/uwsgi; scgi_temp_path %1$s/tmp/scgi;
                  server {
                    listen %2$s:%3$d ssl http2;
                    ssl_certificate %4$s;
                    ssl_certificate_key %5$s;
                    location / { return 200 "ok\\n"; }
                  }
                }
                """.formatted(dir, ADDRESS, port, cert, key));
        Process p = new ProcessBuilder("nginx", "-e", dir.resolve("error.log").toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ADDRESS, port), 200);
                return p;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IllegalStateException("nginx did not listen: " + Files.readString(dir.resolve("nginx.out")));
                }
                Thread.sleep(20); // waiting for a child process to bind: no event to wait on
            }
        }
    }

    /** A compiled "hello world" (javac from this JDK): the baseline of a JVM's own start. */
    private static Path writeHello(Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hello"));
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        requireZero(exec(List.of(javac, "-d", dir.toString(), src.toString()), tmp.resolve("javac.out")), "javac",
                tmp.resolve("javac.out"));
        return dir;
    }

    /** The TLS milliseconds of every handshake in a session document. */
    private static List<Double> tlsMillis(Path sessionJson) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(sessionJson.toFile());
        List<Double> out = new ArrayList<>();
        doc.findValues("tlsMicros").forEach(v -> out.add(v.asLong() / 1000.0));
        if (out.size() != NAMES) {
            throw new IllegalStateException("expected " + NAMES + " handshakes in " + sessionJson + ", found " + out.size());
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            return s.getLocalPort();
        }
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void requireAllOk(List<ProbeResult> rs) {
        for (ProbeResult r : rs) {
            if (r.handshakes().size() != 1 || r.handshakes().get(0).status() != HandshakeStatus.OK) {
                throw new IllegalStateException("benchmark probe did not complete for " + r.authority().key() + ": "
                        + r.handshakes());
            }
        }
    }

    private static void requireZero(int code, String what, Path output) throws IOException {
        if (code != 0) {
            throw new IllegalStateException(what + " exited " + code + ": " + Files.readString(output));
        }
    }

    private static int exec(List<String> command, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 60 s");
        }
        return p.exitValue();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
