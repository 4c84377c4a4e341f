package dev.misdirect.ui.app;

import dev.misdirect.lab.Diagram;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabOptions;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.lab.ServedRequest;
import dev.misdirect.lab.ServerLog;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LabService;
import dev.misdirect.ui.common.LoadedLab;
import dev.misdirect.ui.common.ServedRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workbench's lab: starts scenarios in-process (the broken variant, and beside it the fixed one for "try the
 * fix"), fans their server logs out to subscribers, and stops everything on {@link #stop()}. The CA is opened on
 * first use (it may mint keys). Thread-safe; every method but {@link #scenarios()} may block.
 */
public final class LabController implements LabService {
    private final Supplier<Lab> labFactory;
    private Lab lab;
    private final Map<String, RunningLab> running = new LinkedHashMap<>(); // key: id + "/" + fixed
    private final List<ServerLog.Subscription> logSubscriptions = new ArrayList<>();
    private final List<Consumer<ServedRow>> listeners = new CopyOnWriteArrayList<>();
    private final List<LabScenario> scenarios;

    /** @param labFactory makes the lab (opening its CA) on first start */
    public LabController(Supplier<Lab> labFactory) {
        this.labFactory = labFactory;
        this.scenarios = gallery();
    }

    /** The lab's scenarios as the gallery shows them; made once per JVM (they never change), on first use. */
    static List<LabScenario> gallery() {
        return Gallery.ALL;
    }

    private static final class Gallery {
        static final List<LabScenario> ALL = Scenarios.all().stream().map(LabController::toUi).toList();
    }

    @Override
    public List<LabScenario> scenarios() {
        return scenarios;
    }

    @Override
    public synchronized LoadedLab start(String scenarioId, boolean fixed) {
        RunningLab r = runningLab(scenarioId, fixed);
        return loaded(r);
    }

    /** The running lab of this scenario and variant, started when it does not run yet. */
    synchronized RunningLab runningLab(String scenarioId, boolean fixed) {
        Scenario scenario = Scenarios.find(scenarioId)
                .orElseThrow(() -> new IllegalArgumentException("'" + scenarioId + "' is not a lab scenario; known: "
                        + String.join(", ", Scenarios.ids())));
        String key = scenarioId + "/" + fixed;
        RunningLab r = running.get(key);
        if (r != null) {
            return r;
        }
        if (running.keySet().stream().anyMatch(k -> !k.startsWith(scenarioId + "/"))) {
            stop(); // one scenario at a time: loading another stops the old one
        }
        if (lab == null) {
            lab = labFactory.get();
        }
        try {
            r = lab.start(scenario, LabOptions.defaults().withFixed(fixed)
                    .withThreadNamePrefix("misdirect-lab" + (fixed ? "-fixed" : "")));
        } catch (LabStartException e) {
            throw new IllegalStateException("cannot start lab scenario " + scenarioId + (fixed ? " (fixed)" : "")
                    + ": " + e.getMessage(), e);
        }
        running.put(key, r);
        String variant = fixed ? " (fixed)" : "";
        logSubscriptions.add(r.subscribe(s -> {
            ServedRow row = row(s, variant);
            listeners.forEach(l -> l.accept(row));
        }));
        return r;
    }

    /** The running broken variant, when any (replays and probes of the loaded scenario use it). */
    synchronized Optional<RunningLab> current() {
        return running.entrySet().stream().filter(e -> e.getKey().endsWith("/false")).map(Map.Entry::getValue).findFirst();
    }

    @Override
    public synchronized Optional<LoadedLab> running() {
        return current().map(LabController::loaded);
    }

    @Override
    public synchronized void stop() {
        logSubscriptions.forEach(ServerLog.Subscription::close);
        logSubscriptions.clear();
        List<RunningLab> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(RunningLab::close);
    }

    @Override
    public AutoCloseable subscribe(Consumer<ServedRow> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static ServedRow row(ServedRequest s, String variant) {
        return new ServedRow(s.time(), s.origin() + variant + " " + s.endpoint(), s.clientPort(), s.sni().orElse("-"),
                s.alpn(), s.authority(), s.path(), s.status(), s.reason());
    }

    private static LoadedLab loaded(RunningLab r) {
        return new LoadedLab(r.scenario().id(), r.fixed(), r.port(), r.authoritySet(), r.planText(),
                r.origins().stream().map(o -> o.name() + " " + o.endpoint()).toList());
    }

    /** The scenario as the workbench shows it, with the reproduce policy and the fix decided from its expectations. */
    static LabScenario toUi(Scenario s) {
        String reproduce = reproducePolicy(s);
        return new LabScenario(s.id(), s.title(), s.narrative(), s.fix(), diagram(s.broken().diagram()),
                diagram(s.fixed().diagram()), reproduce, tryFix(s, reproduce));
    }

    /** "coalescing" when a coalescing client gets a 421 here; otherwise the first policy that gets one. */
    static String reproducePolicy(Scenario s) {
        List<String> order = List.of("coalescing", "ip-keyed", "isolated");
        return order.stream().filter(p -> s.broken().expectation(p).map(e -> e.misdirected() > 0).orElse(false))
                .findFirst().orElse("coalescing");
    }

    /**
     * The fix the scenario's own data supports: its fixed variant when that runs without a 421 under the reproducing
     * policy (the server-side fix); otherwise per-authority pools ({@code isolated}) on the broken variant when they
     * avoid the 421; otherwise the fixed variant with per-authority pools.
     */
    static LabScenario.TryFix tryFix(Scenario s, String reproducePolicy) {
        boolean variantClean = s.fixed().expectation(reproducePolicy).map(e -> e.misdirected() == 0).orElse(false);
        if (variantClean) {
            return new LabScenario.TryFix(true, reproducePolicy, "the fixed servers, same client: " + s.fix());
        }
        boolean isolatedClean = s.broken().expectation("isolated").map(e -> e.misdirected() == 0).orElse(false);
        if (isolatedClean) {
            return new LabScenario.TryFix(false, "isolated", "same servers, one connection pool per authority");
        }
        return new LabScenario.TryFix(true, "isolated", "the fixed servers with one connection pool per authority");
    }

    private static LabDiagram diagram(Diagram d) {
        return new LabDiagram(
                d.boxes().stream().map(b -> new LabDiagram.Box(b.id(), LabDiagram.Kind.valueOf(b.kind().name()),
                        b.label(), b.detail(), b.column())).toList(),
                d.arrows().stream().map(a -> new LabDiagram.Arrow(a.from(), a.to(), arrowLabel(a),
                        LabDiagram.Outcome.valueOf(a.outcome().name()))).toList());
    }

    private static String arrowLabel(Diagram.Arrow a) {
        StringBuilder sb = new StringBuilder();
        a.sni().ifPresent(x -> sb.append("SNI ").append(x));
        a.authority().ifPresent(x -> sb.append(sb.length() > 0 ? " · " : "").append(":authority ").append(x));
        return sb.toString();
    }
}
