package dev.misdirect.core.session;

import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.LabOptions;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenario;
import dev.misdirect.lab.Scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The lab scenarios a session runs: starts a scenario's broken variant and, beside it, its fixed one (for "try the
 * fix"), one scenario at a time, and stops them all on {@link #close()}. The lab's CA is opened on the first start
 * (it may mint keys). Thread-safe; {@link #start} and {@link #close} block (milliseconds to a second).
 */
public final class Labs implements AutoCloseable {
    private final Supplier<Lab> labFactory;
    private Lab lab;
    private final Map<String, RunningLab> running = new LinkedHashMap<>(); // key: id + "/" + fixed
    private final List<Consumer<RunningLab>> startListeners = new CopyOnWriteArrayList<>();

    /** @param labFactory makes the lab (opening its CA) on the first start */
    public Labs(Supplier<Lab> labFactory) {
        this.labFactory = labFactory;
    }

    /** The lab with the user's CA (created on first use under the app's data directory). */
    public static Labs withDefaultCa() {
        return new Labs(() -> new Lab(LabCa.openDefault()));
    }

    /**
     * The scenario with this id.
     *
     * @throws IllegalArgumentException naming the id and the known ones, when there is none
     */
    public static Scenario scenario(String id) {
        return Scenarios.find(id).orElseThrow(() -> new IllegalArgumentException("'" + id
                + "' is not a lab scenario; known: " + String.join(", ", Scenarios.ids())));
    }

    /**
     * The running variant of this scenario, started when it does not run yet. Starting another scenario stops every
     * lab that ran before.
     *
     * @throws IllegalArgumentException when there is no such scenario
     * @throws LabStartException        when its origins cannot start (a port in use, the CA unreadable)
     */
    public synchronized RunningLab start(String scenarioId, boolean fixed) throws LabStartException {
        Scenario scenario = scenario(scenarioId);
        String key = scenarioId + "/" + fixed;
        RunningLab r = running.get(key);
        if (r != null) {
            return r;
        }
        if (running.keySet().stream().anyMatch(k -> !k.startsWith(scenarioId + "/"))) {
            stop();
        }
        if (lab == null) {
            lab = labFactory.get();
        }
        r = lab.start(scenario, LabOptions.defaults().withFixed(fixed)
                .withThreadNamePrefix("misdirect-lab" + (fixed ? "-fixed" : "")));
        running.put(key, r);
        RunningLab started = r;
        startListeners.forEach(l -> l.accept(started));
        return r;
    }

    /** The running broken variant, when any (the scenario the session has loaded). */
    public synchronized Optional<RunningLab> current() {
        return running.entrySet().stream().filter(e -> e.getKey().endsWith("/false")).map(Map.Entry::getValue)
                .findFirst();
    }

    /** Hears every lab this object starts, on the starting thread, right after it started. */
    public void onStarted(Consumer<RunningLab> listener) {
        startListeners.add(listener);
    }

    /** Stops every running lab. Blocking; idempotent. */
    public synchronized void stop() {
        List<RunningLab> all = new ArrayList<>(running.values());
        running.clear();
        all.forEach(RunningLab::close);
    }

    @Override
    public void close() {
        stop();
    }
}
