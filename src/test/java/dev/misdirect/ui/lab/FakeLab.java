package dev.misdirect.ui.lab;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.ui.common.LabDiagram;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LabService;
import dev.misdirect.ui.common.LoadedLab;
import dev.misdirect.ui.common.ServedRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A lab service in memory: records starts and stops, serves log rows on demand. */
public final class FakeLab implements LabService {
    public final List<String> calls = new ArrayList<>();
    private final List<Consumer<ServedRow>> listeners = new CopyOnWriteArrayList<>();
    private Optional<LoadedLab> running = Optional.empty();

    public static LabScenario scenario(String id, boolean fixByVariant) {
        LabDiagram d = new LabDiagram(List.of(new LabDiagram.Box("client", LabDiagram.Kind.CLIENT, "client", "a, b", 0),
                new LabDiagram.Box("o", LabDiagram.Kind.ORIGIN, "router", "127.0.0.1", 1)),
                List.of(new LabDiagram.Arrow("client", "o", ":authority b", LabDiagram.Outcome.MISDIRECTED)));
        LabDiagram fixed = new LabDiagram(d.boxes(), List.of(new LabDiagram.Arrow("client", "o", ":authority b",
                LabDiagram.Outcome.OK)));
        return new LabScenario(id, "Title of " + id, "Narrative of " + id + ". More.", "Fix " + id, d, fixed,
                ConnectionPolicy.COALESCING, fixByVariant
                        ? new LabScenario.TryFix(true, ConnectionPolicy.COALESCING, "fixed servers")
                        : new LabScenario.TryFix(false, ConnectionPolicy.ISOLATED, "per-authority pools"));
    }

    @Override
    public List<LabScenario> scenarios() {
        return List.of(scenario("tenants-wildcard", true), scenario("vhost-client-auth", false));
    }

    @Override
    public LoadedLab start(String scenarioId, boolean fixed) {
        calls.add("start " + scenarioId + (fixed ? " fixed" : ""));
        int port = fixed ? 4444 : 4443;
        LoadedLab l = new LoadedLab(scenarioId, fixed, port,
                AuthoritySet.of(List.of(Authority.of("a.tenants.lab.test", port).withResolve(List.of("127.0.0.1")),
                        Authority.of("b.tenants.lab.test", port).withResolve(List.of("127.0.0.1")))),
                "GET https://a.tenants.lab.test:" + port + "/ ; GET https://b.tenants.lab.test:" + port + "/",
                List.of("router 127.0.0.1:" + port));
        if (!fixed) {
            running = Optional.of(l);
        }
        return l;
    }

    @Override
    public void stop() {
        calls.add("stop");
        running = Optional.empty();
    }

    @Override
    public Optional<LoadedLab> running() {
        return running;
    }

    @Override
    public AutoCloseable subscribe(Consumer<ServedRow> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Delivers a log row as a lab server thread would. */
    public void serve(int status) {
        ServedRow row = new ServedRow(Instant.parse("2026-11-27T10:00:00Z"), "router 127.0.0.1:4443", 50000,
                "a.tenants.lab.test", "h2", "b.tenants.lab.test:4443", "/", status, "reason " + status);
        listeners.forEach(l -> l.accept(row));
    }
}
