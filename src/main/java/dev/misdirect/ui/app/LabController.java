package dev.misdirect.ui.app;

import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Playbook;
import dev.misdirect.lab.Diagram;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The workbench's lab: starts scenarios in-process (the broken variant, and beside it the fixed one for "try the
 * fix"), fans their server logs out to subscribers, and stops everything on {@link #stop()}. The CA is opened on
 * first use (it may mint keys). Thread-safe; every method but {@link #scenarios()} may block.
 */
public final class LabController implements LabService {
    private final Labs labs;
    private final List<ServerLog.Subscription> logSubscriptions = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServedRow>> listeners = new CopyOnWriteArrayList<>();
    private final List<LabScenario> scenarios;

    /** @param labs the labs the session runs (the CA is opened on their first start) */
    public LabController(Labs labs) {
        this.labs = labs;
        this.scenarios = gallery();
        labs.onStarted(this::follow);
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
        try {
            return labs.start(scenarioId, fixed);
        } catch (LabStartException e) {
            throw new IllegalStateException("cannot start lab scenario " + scenarioId + (fixed ? " (fixed)" : "")
                    + ": " + e.getMessage(), e);
        }
    }

    /** Fans the server log of a lab that just started out to the subscribers. */
    private void follow(RunningLab r) {
        String variant = r.fixed() ? " (fixed)" : "";
        logSubscriptions.add(r.subscribe(s -> {
            ServedRow row = row(s, variant);
            listeners.forEach(l -> l.accept(row));
        }));
    }

    /** The labs this controller runs (the engine's use cases start and find scenarios in them). */
    Labs labs() {
        return labs;
    }

    /** The running broken variant, when any (the Lab screen shows it; sessions name their scenario themselves). */
    Optional<RunningLab> current() {
        return labs.current();
    }

    @Override
    public synchronized Optional<LoadedLab> running() {
        return current().map(LabController::loaded);
    }

    @Override
    public synchronized void stop() {
        logSubscriptions.forEach(ServerLog.Subscription::close);
        logSubscriptions.clear();
        labs.stop();
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

    /** The scenario as the workbench shows it, with how it reproduces its 421 and tries its fix. */
    static LabScenario toUi(Scenario s) {
        Playbook p = Playbook.of(s);
        return new LabScenario(s.id(), s.title(), s.narrative(), s.fix(), diagram(s.broken().diagram()),
                diagram(s.fixed().diagram()), p.reproducePolicy(),
                new LabScenario.TryFix(p.fix().fixedVariant(), p.fix().policy(), p.fix().explanation()));
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
