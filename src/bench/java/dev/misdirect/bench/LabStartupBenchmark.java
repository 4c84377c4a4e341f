package dev.misdirect.bench;

import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.LeafCredential;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time to start (and stop) every lab scenario, against starting one bare Jetty HTTPS server (h2 + http/1.1, same
 * certificate type) in the same run. Target: all scenarios up in at most 1 s.
 */
public final class LabStartupBenchmark {
    private static final int WARMUP = 3;
    private static final int RUNS = 11;

    public String run() throws Exception {
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path home = Files.createTempDirectory("misdirect-bench-lab");
        List<Scenario> all = Scenarios.all();
        // cold: first start in this JVM, fresh CA directory (CA and leaves minted, classes loaded)
        long c0 = System.nanoTime();
        LabCa ca = LabCa.open(home);
        Lab lab = new Lab(ca);
        List<RunningLab> first = new ArrayList<>();
        for (Scenario s : all) {
            first.add(lab.start(s, false));
        }
        double coldLab = (System.nanoTime() - c0) / 1e6;
        first.forEach(RunningLab::close);
        LeafCredential leaf = ca.leaf("bench", List.of("bench.lab.test"));
        long c1 = System.nanoTime();
        Server coldBare = bareServer(leaf);
        coldBare.start();
        double coldBareUp = (System.nanoTime() - c1) / 1e6;
        coldBare.stop();
        int origins = all.stream().mapToInt(s -> s.broken().origins().size()).sum();

        double[] bareUp = new double[RUNS];
        double[] bareDown = new double[RUNS];
        double[] labUp = new double[RUNS];
        double[] labDown = new double[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long t0 = System.nanoTime();
            Server bare = bareServer(leaf);
            bare.start();
            long t1 = System.nanoTime();
            bare.stop();
            long t2 = System.nanoTime();

            List<RunningLab> running = new ArrayList<>();
            long t3 = System.nanoTime();
            for (Scenario s : all) {
                running.add(lab.start(s, false));
            }
            long t4 = System.nanoTime();
            running.forEach(RunningLab::close);
            long t5 = System.nanoTime();
            if (i >= 0) {
                bareUp[i] = (t1 - t0) / 1e6;
                bareDown[i] = (t2 - t1) / 1e6;
                labUp[i] = (t4 - t3) / 1e6;
                labDown[i] = (t5 - t4) / 1e6;
            }
        }
        double bu = median(bareUp);
        double bd = median(bareDown);
        double lu = median(labUp);
        double ld = median(labDown);
        return "## Lab startup\n\n"
                + "All " + all.size() + " lab scenarios (" + origins + " Jetty HTTPS origins, h2 + http/1.1) started one after"
                + " the other, then stopped; median of " + RUNS + " runs after " + WARMUP + " warm-up runs. Baseline:"
                + " one bare Jetty HTTPS server (same connector stack and key type) started and stopped in the same run.\n\n"
                + "| | median ms | × baseline |\n|---|---:|---:|\n"
                + row("baseline: one bare Jetty HTTPS server up", bu, bu)
                + row("baseline: one bare Jetty HTTPS server down", bd, bd)
                + row("all lab scenarios up", lu, bu)
                + row("all lab scenarios down", ld, bd)
                + String.format(Locale.ROOT, "%nCold (first start in a fresh JVM, new CA directory: CA and %d leaves minted,"
                        + " Jetty classes loaded): all lab scenarios up in %.0f ms; one bare Jetty HTTPS server started"
                        + " right after took %.0f ms.%n", all.stream().mapToInt(x -> x.broken().certificates().size()).sum(),
                        coldLab, coldBareUp)
                + "\nTarget: all scenarios up in ≤ 1000 ms — " + (lu <= 1000 ? "met" : "NOT met") + " ("
                + String.format(Locale.ROOT, "%.0f", lu) + " ms; " + String.format(Locale.ROOT, "%.1f", lu / origins)
                + " ms per origin). System load average when the run began: "
                + String.format(Locale.ROOT, "%.1f", loadBefore) + " (the machine is shared).\n";
    }

    static String row(String what, double ms, double baseline) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", what, ms, ms / baseline);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Server bareServer(LeafCredential leaf) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http1 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(http1.getProtocol());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("bench", leaf.privateKey(), "x".toCharArray(), leaf.chain());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(ks);
        tls.setKeyStorePassword("x");
        ServerConnector connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, alpn.getProtocol()),
                alpn, http2, http1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return server;
    }
}
