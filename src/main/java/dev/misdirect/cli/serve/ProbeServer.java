package dev.misdirect.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.misdirect.core.check.CheckCannotRunException;
import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.check.ExpectationsException;
import dev.misdirect.core.metrics.CheckMetrics;
import dev.misdirect.core.metrics.OpenMetricsWriter;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe endpoint of {@code misdirect serve}, the interface Prometheus uses for blackbox probes, on the JDK's
 * HTTP server:
 *
 * <ul>
 *   <li>{@code GET /probe?target=AUTHORITY[,AUTHORITY...]&module=NAME}: checks the module's expectations for the
 *       target's authorities through the {@link Engine} and answers the metrics: {@code probe_success} (1 when the
 *       check ran and every expectation held), {@code probe_duration_seconds} and {@link CheckMetrics}' families.
 *       Several authorities in one target are checked together (coalescing needs the names that share an address).
 *       A bad target or module is answered 400 with the reason in text; 503 when {@code maxConcurrent} probes run
 *       already.</li>
 *   <li>{@code GET /metrics}: the endpoint's own health ({@link ServeHealth}).</li>
 * </ul>
 * Each probe's deadline is Prometheus's scrape timeout (the {@code X-Prometheus-Scrape-Timeout-Seconds} header)
 * less {@code margin}, capped by the module's timeout; at the deadline the check is interrupted (its probes and
 * requests cancelled) and the probe answers {@code probe_success 0}. OpenMetrics is answered when the request's
 * {@code Accept} asks for it (Prometheus does), Prometheus's 0.0.4 text otherwise.
 *
 * <p>Thread-safe. {@link #close} stops accepting, cancels the probes in flight and waits a moment for their answers.
 */
public final class ProbeServer implements AutoCloseable {
    /** The header Prometheus sends its scrape timeout in, in seconds. */
    public static final String SCRAPE_TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
    /** The most authorities one target may name. */
    public static final int MAX_TARGET_AUTHORITIES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);

    /**
     * How the endpoint runs.
     *
     * @param listen        the address and port to listen on (port 0: any free port)
     * @param maxConcurrent probes that may run at once; more are answered 503
     * @param vantage       the vantage label on every series, when given
     * @param margin        taken from the scrape timeout, to leave time for the answer to travel
     */
    public record Options(InetSocketAddress listen, int maxConcurrent, Optional<String> vantage, Duration margin) {
        public Options {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1");
            }
        }
    }

    private final HttpServer http;
    private final Engine engine;
    private final ProbeModules modules;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Options options;
    private final Semaphore permits;
    private final ExecutorService probes;
    private final ExecutorService handlers;
    private final ServeHealth health = new ServeHealth();
    private volatile boolean closing;

    private ProbeServer(HttpServer http, Engine engine, Target base, ProbeModules modules, Options options) {
        this.http = http;
        this.engine = engine;
        this.modules = modules;
        this.options = options;
        for (String name : modules.names()) {
            ProbeModules.ProbeModule m = modules.get(name).orElseThrow();
            // one target per module, made once: its trust (and the JDK store it loads) serves every probe
            targets.put(name, base.withAddedCas(m.cas()).withCredentials(m.credentials().isPresent()
                    ? m.credentials() : base.credentials()));
        }
        this.permits = new Semaphore(options.maxConcurrent());
        this.probes = Executors.newFixedThreadPool(options.maxConcurrent(), threads("misdirect-serve-probe"));
        this.handlers = Executors.newFixedThreadPool(options.maxConcurrent() + 4, threads("misdirect-serve-http"));
    }

    /**
     * Starts listening. Blocks only to bind.
     *
     * @param engine  runs every check
     * @param base    what probes run against (the system, or a running lab); modules add their CAs and credentials
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static ProbeServer start(Engine engine, Target base, ProbeModules modules, Options options) throws IOException {
        HttpServer http = HttpServer.create(options.listen(), 64);
        ProbeServer server = new ProbeServer(http, engine, base, modules, options);
        http.setExecutor(server.handlers);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** The address it listens on (with the port it got when asked for port 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String known = switch (path) {
            case "/probe", "/metrics", "/" -> path;
            default -> "other";
        };
        int code;
        try {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                code = text(ex, 405, ex.getRequestMethod() + " is not served here: use GET");
            } else {
                OpenMetricsWriter.Format format = OpenMetricsWriter.Format.forAccept(
                        ex.getRequestHeaders().getFirst("Accept"));
                code = switch (known) {
                    case "/probe" -> probe(ex, format);
                    case "/metrics" -> metrics(ex, format, health.render(format));
                    case "/" -> text(ex, 200, "misdirect serve: GET /probe?target=AUTHORITY[,AUTHORITY...]&module=NAME"
                            + " (modules: " + String.join(", ", modules.names()) + "); GET /metrics for its own health\n");
                    default -> text(ex, 404, path + ": not found; the paths are /probe and /metrics");
                };
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString(), e);
            health.error("internal");
            code = text(ex, 500, "internal error: " + e);
        } finally {
            ex.close();
        }
        health.request(known, code);
    }

    private int probe(HttpExchange ex, OpenMetricsWriter.Format format) throws IOException {
        Map<String, String> query;
        try {
            query = query(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return text(ex, 400, e.getMessage());
        }
        String moduleName = query.getOrDefault("module", ProbeModules.DEFAULT);
        Optional<ProbeModules.ProbeModule> module = modules.get(moduleName);
        if (module.isEmpty()) {
            return text(ex, 400, "module '" + moduleName + "' is not defined; the modules: " + String.join(", ", modules.names()));
        }
        String targetText = query.get("target");
        if (targetText == null || targetText.isBlank()) {
            return text(ex, 400, "no target: give target=AUTHORITY (host[:port]) or several, comma-separated");
        }
        List<String> authorities;
        Duration deadline;
        Expectations expectations;
        try {
            authorities = authorities(targetText);
            deadline = deadline(ex.getRequestHeaders().getFirst(SCRAPE_TIMEOUT_HEADER), module.get().timeout());
        } catch (IllegalArgumentException e) {
            return text(ex, 400, e.getMessage());
        }
        Target target = targets.get(moduleName);
        try {
            expectations = Engine.expectations(target, Optional.of(module.get().expectationsDocument(authorities)),
                    "module " + moduleName + ", target " + targetText);
        } catch (ExpectationsException e) {
            return text(ex, 400, "target " + targetText + ": " + e.reason());
        }
        if (closing || !permits.tryAcquire()) {
            health.error("busy");
            return text(ex, 503, closing ? "shutting down" : "busy: " + options.maxConcurrent()
                    + " probes already run (raise --max-concurrent)");
        }
        long start = System.nanoTime();
        health.probeStarted();
        Optional<CheckReport> report = Optional.empty();
        try {
            report = check(target, expectations, module.get(), deadline, targetText);
        } finally {
            permits.release();
            health.probeEnded(moduleName, (System.nanoTime() - start) / 1e9);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        OpenMetricsWriter w = new OpenMetricsWriter(format);
        w.family("probe_success", OpenMetricsWriter.Type.GAUGE, "",
                "1 when the check ran and every expectation held, else 0.").sample(Map.of(),
                report.map(CheckReport::allPassed).orElse(false) ? 1 : 0);
        w.family("probe_duration_seconds", OpenMetricsWriter.Type.GAUGE, "seconds",
                "How long the probe took, in seconds.").sample(Map.of(), took.toNanos() / 1e9);
        report.ifPresent(r -> CheckMetrics.write(w, r, options.vantage(), Instant.now(), took));
        return metrics(ex, format, w.finish());
    }

    /** Runs the check on a probe thread until the deadline; empty (and the reason counted) when it gave no report. */
    private Optional<CheckReport> check(Target target, Expectations expectations, ProbeModules.ProbeModule module,
                                        Duration deadline, String targetText) {
        // each connect, handshake and read gets a third of the deadline: a request may need all three
        Duration phase = deadline.dividedBy(3).compareTo(Duration.ofMillis(200)) < 0
                ? Duration.ofMillis(200) : deadline.dividedBy(3);
        Future<CheckReport> f;
        try {
            f = probes.submit(() -> engine.check(target, expectations, phase, module.verify()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            health.error("busy");
            return Optional.empty();
        }
        try {
            return Optional.of(f.get(deadline.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            health.error("deadline");
            LOG.info("probe of {} (module {}) passed its deadline of {} ms", targetText, module.name(), deadline.toMillis());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CheckCannotRunException c) {
                health.error("cannot-run");
                LOG.info("probe of {} (module {}) could not run: {}", targetText, module.name(), c.getMessage());
            } else {
                health.error("internal");
                LOG.warn("probe of {} (module {}) failed", targetText, module.name(), e.getCause());
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            health.error("deadline");
        } catch (java.util.concurrent.CancellationException e) {
            health.error("deadline");
        }
        return Optional.empty();
    }

    /** The target's authority keys: host[:port] each, comma-separated, no repeats. */
    static List<String> authorities(String target) {
        List<String> out = new ArrayList<>();
        for (String part : target.split(",", -1)) {
            String a = part.strip();
            if (a.isEmpty() || a.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("target '" + target + "': each authority is host[:port], comma-separated,"
                        + " without spaces or overrides");
            }
            String key;
            try {
                key = AuthorityParser.parseLine(a).key();
            } catch (AuthoritySyntaxException e) {
                throw new IllegalArgumentException("target '" + target + "': authority '" + a + "': " + e.reason());
            }
            if (out.contains(key)) {
                throw new IllegalArgumentException("target '" + target + "' names " + key + " twice");
            }
            out.add(key);
        }
        if (out.size() > MAX_TARGET_AUTHORITIES) {
            throw new IllegalArgumentException("target names " + out.size() + " authorities; at most "
                    + MAX_TARGET_AUTHORITIES);
        }
        return out;
    }

    /** The probe's deadline: the scrape timeout less the margin, capped by the module's timeout. */
    Duration deadline(String scrapeTimeout, Duration moduleTimeout) {
        if (scrapeTimeout == null) {
            return moduleTimeout;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(scrapeTimeout.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(SCRAPE_TIMEOUT_HEADER + " '" + scrapeTimeout + "' is not a number of seconds");
        }
        Duration left = Duration.ofMillis((long) (seconds * 1000)).minus(options.margin());
        if (left.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("the scrape timeout of " + scrapeTimeout + " s leaves no time for a probe"
                    + " after the margin of " + options.margin().toMillis() + " ms; raise scrape_timeout");
        }
        return left.compareTo(moduleTimeout) < 0 ? left : moduleTimeout;
    }

    /** The query's parameters, decoded; a repeated parameter is refused. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
        }
        return out;
    }

    private static int metrics(HttpExchange ex, OpenMetricsWriter.Format format, String body) throws IOException {
        return send(ex, 200, format.contentType(), body);
    }

    private static int text(HttpExchange ex, int code, String message) throws IOException {
        return send(ex, code, "text/plain; charset=utf-8", message.endsWith("\n") ? message : message + "\n");
    }

    private static int send(HttpExchange ex, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        return code;
    }

    private static java.util.concurrent.ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops accepting, cancels the probes in flight (each answers {@code probe_success 0}) and waits up to two
     * seconds for the answers to go out. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        probes.shutdownNow();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (health.inFlight() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        handlers.shutdownNow();
    }
}
