package dev.misdirect.bench;

import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.net.ReplayClient;
import dev.misdirect.core.net.ReplayRecorder;
import dev.misdirect.core.net.RequestSpec;
import dev.misdirect.core.net.Timeouts;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * 1,000 sequential GETs over one HTTP/2 connection to a lab origin, through the replay client with its recorder
 * (event listener, network interceptors, every event stored) against bare OkHttp with the same DNS and trust, all in
 * the same run. Each client keeps its one connection; the clients take turns (in rotating order) in blocks of
 * {@value #BLOCK} requests so they see the same machine load, and each is judged by its median block. Target: overhead at most 10%.
 */
public final class ReplayRecorderBenchmark {
    static final int REQUESTS = 1_000;
    static final int BLOCK = 50;
    static final int WARMUP_ROUNDS = 2;
    static final int ROUNDS = 5;

    interface Sender {
        void get(int i) throws Exception;
    }

    public String run() throws Exception {
        var home = Files.createTempDirectory("misdirect-bench");
        try (RunningLab lab = new Lab(LabCa.open(home)).start(Scenarios.byId("tenants-wildcard"), false)) {
            URI url = URI.create("https://a.tenants.lab.test:" + lab.port() + "/");
            ClientOptions options = ClientOptions.of(ConnectionPolicy.COALESCING).withNames(lab.nameMap())
                    .withTrust(List.of(lab.caCertificate()), false).withResolver(HostResolver.none());
            OkHttpClient defaults = bare(lab, false);
            OkHttpClient sameSettings = bare(lab, true);
            ReplayRecorder recorder = new ReplayRecorder();
            try (ReplayClient replay = new ReplayClient(options, recorder)) {
                Request request = new Request.Builder().url(url.toString()).build();
                Sender[] senders = {
                    i -> send(sameSettings, request),
                    i -> send(defaults, request),
                    i -> {
                        var out = replay.send(RequestSpec.get(i, url));
                        if (out.finalStatus() != 200 || out.attempts().get(0).connectionId() != 1) {
                            throw new IllegalStateException("recorded request " + i + " went wrong: " + out);
                        }
                    }
                };
                measure(senders, WARMUP_ROUNDS);
                int before = recorder.events().size();
                long[][] blocks = measure(senders, ROUNDS);
                int eventsPerRequest = (recorder.events().size() - before) / (ROUNDS * REQUESTS);
                double base = median(blocks[0]);
                double def = median(blocks[1]);
                double rec = median(blocks[2]);
                double ratio = rec / base;
                return String.format(Locale.ROOT, """
                        ## Replay recorder overhead (`ReplayRecorderBenchmark`)

                        %,d sequential GETs over one HTTP/2 connection to the lab's tenant router (tenants-wildcard),
                        %d rounds after %d warm-up rounds, all in this run. The clients take turns in rotating order in blocks of %d
                        requests (so they share the machine's load) and each figure is the median block. The baseline
                        is bare OkHttp with the replay client's settings (same DNS and trust; connect, read and call
                        timeouts; no redirects; no retry on connection failure); OkHttp with its defaults (no call
                        timeout) is shown for reference.

                        | client | µs per request (median block) | ratio to baseline |
                        |---|---:|---:|
                        | bare OkHttp, the replay client's settings (baseline) | %.1f | 1.00 |
                        | bare OkHttp, defaults | %.1f | %.2f |
                        | replay client with recorder (%d events per request) | %.1f | %.2f |

                        Target: recorder overhead ≤ 10%% (ratio ≤ 1.10). %s System load average during the run:
                        %.1f (figures from a loaded machine scatter by several percent between runs).
                        """, REQUESTS, ROUNDS, WARMUP_ROUNDS, BLOCK, base, def, def / base, eventsPerRequest, rec,
                        ratio, ratio <= 1.10 ? "Met." : "NOT met.",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                defaults.connectionPool().evictAll();
                sameSettings.connectionPool().evictAll();
            }
        }
    }

    /** Per sender, the µs per request of each block. */
    private static long[][] measure(Sender[] senders, int rounds) throws Exception {
        int blocksPerRound = REQUESTS / BLOCK;
        long[][] out = new long[senders.length][rounds * blocksPerRound];
        int b = 0;
        int i = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < blocksPerRound; k++, b++) {
                for (int turn = 0; turn < senders.length; turn++) {
                    int s = (turn + b) % senders.length; // rotate who goes first: no client always follows another
                    long start = System.nanoTime();
                    for (int n = 0; n < BLOCK; n++) {
                        senders[s].get(i++);
                    }
                    out[s][b] = (System.nanoTime() - start) / 1_000 / BLOCK;
                }
            }
        }
        return out;
    }

    private static void send(OkHttpClient client, Request request) throws Exception {
        try (Response r = client.newCall(request).execute()) {
            r.body().bytes();
            if (r.code() != 200) {
                throw new IllegalStateException("bare request answered " + r.code());
            }
        }
    }

    /** Bare OkHttp; {@code replaySettings}: with the timeouts and switches the replay client uses. */
    static OkHttpClient bare(RunningLab lab, boolean replaySettings) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("lab", lab.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        Dns dns = host -> {
            List<InetAddress> out = new ArrayList<>();
            for (String a : lab.nameMap().getOrDefault(host, List.of())) {
                out.add(InetAddress.getByName(a));
            }
            return out;
        };
        OkHttpClient.Builder b = new OkHttpClient.Builder().dns(dns).sslSocketFactory(ctx.getSocketFactory(), tm);
        if (replaySettings) {
            Timeouts t = Timeouts.defaults();
            b.connectTimeout(t.connect()).readTimeout(t.read()).writeTimeout(t.read()).callTimeout(t.call())
                    .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false);
        }
        return b.build();
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}
