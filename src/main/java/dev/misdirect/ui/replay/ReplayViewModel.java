package dev.misdirect.ui.replay;

import dev.misdirect.core.timeline.ExchangeText;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.ui.common.EventBatcher;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.Verdict;
import dev.misdirect.ui.common.VerdictText;
import dev.misdirect.ui.common.WorkbenchServices.ReplayRequest;
import dev.misdirect.ui.common.WorkbenchServices.ReplayService;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Replay screen: the run settings (plan, policy, 421 retry, HTTP/1.1), the connection timeline of the latest
 * run (growing live while it runs, batched to ≤ 20 updates per second) and the details of the selected exchange:
 * request, connection and TLS, the client's view against the server's. UI thread only, except that events may be
 * offered from any thread through the batcher.
 */
public final class ReplayViewModel {
    /** Live events are batched to one timeline update per 50 ms (≤ 20 per second). */
    static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Optional<ReplayService> service;
    private final TaskRunner runner;
    private final Executor ui;
    private final EventBatcher.Clock clock;
    private final EventBatcher.Scheduler scheduler;
    private int generation;
    private final List<TimelineEvent> liveEvents = new ArrayList<>();

    private final StringProperty planText = new SimpleStringProperty(this, "planText", "");
    private final ObjectProperty<ConnectionPolicy> policy = new SimpleObjectProperty<>(this, "policy", ConnectionPolicy.COALESCING);
    private final BooleanProperty retry421 = new SimpleBooleanProperty(this, "retry421", true);
    private final BooleanProperty http1 = new SimpleBooleanProperty(this, "http1", false);
    private final ReadOnlyObjectWrapper<ConnectionTimeline> timeline = new ReadOnlyObjectWrapper<>(this, "timeline", ConnectionTimeline.empty());
    private final ObjectProperty<Bar> selectedBar = new SimpleObjectProperty<>(this, "selectedBar");
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final javafx.beans.property.ReadOnlyIntegerWrapper detailsRequest =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "detailsRequest");
    private final ReadOnlyStringWrapper request = new ReadOnlyStringWrapper(this, "request", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "");
    private final ReadOnlyStringWrapper clientView = new ReadOnlyStringWrapper(this, "clientView", "");
    private final ReadOnlyStringWrapper serverView = new ReadOnlyStringWrapper(this, "serverView", "");
    private final ReadOnlyObjectWrapper<VerdictText> verdict = new ReadOnlyObjectWrapper<>(this, "verdict", VerdictText.NONE);
    private final ReadOnlyObjectWrapper<ConnectionTimeline> afterTimeline = new ReadOnlyObjectWrapper<>(this, "afterTimeline", ConnectionTimeline.empty());
    private final ObjectProperty<Bar> afterSelectedBar = new SimpleObjectProperty<>(this, "afterSelectedBar");
    private final ReadOnlyObjectWrapper<VerdictText> afterVerdict = new ReadOnlyObjectWrapper<>(this, "afterVerdict", VerdictText.NONE);
    private final ReadOnlyStringWrapper beforeTitle = new ReadOnlyStringWrapper(this, "beforeTitle", "");
    private final ReadOnlyStringWrapper afterTitle = new ReadOnlyStringWrapper(this, "afterTitle", "");
    private final SimpleBooleanProperty comparing = new SimpleBooleanProperty(this, "comparing", false);
    private final ObservableList<StepOutcome> outcomes = FXCollections.observableArrayList();
    private final ObservableList<Finding> runFindings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper labHint = new ReadOnlyStringWrapper(this, "labHint", "");
    private final BooleanBinding canRun;
    private final PlanEditorViewModel planEditor;
    private Optional<String> labScenario = Optional.empty();
    private Optional<ReplayRun> lastRun = Optional.empty();
    private final ObservableList<ReplayRun> runs = FXCollections.observableArrayList();
    private boolean live;
    private ReplayRun shown;

    /**
     * @param service   the replay engine, when this build has one (Run is disabled otherwise)
     * @param runner    runs the replay off the UI thread and shows its progress
     * @param ui        the UI executor
     * @param clock     monotonic clock for batching live events
     * @param scheduler schedules the batched flushes
     */
    public ReplayViewModel(Optional<ReplayService> service, TaskRunner runner, Executor ui, EventBatcher.Clock clock,
                           EventBatcher.Scheduler scheduler) {
        this.service = service;
        this.runner = runner;
        this.ui = ui;
        this.clock = clock;
        this.scheduler = scheduler;
        this.planEditor = new PlanEditorViewModel(planText);
        this.canRun = Bindings.createBooleanBinding(() -> service.isPresent() && !runner.runningProperty().get()
                && !planText.get().isBlank() && planEditor.errorProperty().get().isEmpty() && policy.get() != null,
                runner.runningProperty(), planText, planEditor.errorProperty(), policy);
        selectedBar.addListener((o, was, bar) -> {
            if (bar != null) {
                afterSelectedBar.set(null);
            }
            describe(bar, timeline.get());
        });
        afterSelectedBar.addListener((o, was, bar) -> {
            if (bar != null) {
                selectedBar.set(null);
                describe(bar, afterTimeline.get());
            } else if (selectedBar.get() == null) {
                describe(null, timeline.get());
            }
        });
        describe(null, ConnectionTimeline.empty());
        headline.set("No replay yet.");
    }

    /** Starts a replay with the current settings; false when it cannot start (no engine, empty plan, busy). */
    public boolean run() {
        if (!canRun.get()) {
            return false;
        }
        ReplayService engine = service.orElseThrow();
        ReplayPlan plan;
        try {
            plan = ReplayPlan.parse(planText.get());
        } catch (IllegalArgumentException e) {
            return false; // the plan editor shows why
        }
        ReplayRequest req = new ReplayRequest(plan, policy.get(), retry421.get(), http1.get(), labScenario, false);
        liveEvents.clear();
        live = true;
        timeline.set(ConnectionTimeline.empty());
        selectedBar.set(null);
        endComparison();
        rebuild();
        // one batcher per run: a batch still in flight when the run ends is dropped, not appended to the result
        int run = ++generation;
        EventBatcher<TimelineEvent> batcher = new EventBatcher<>(ui, batch -> {
            if (run == generation) {
                append(batch);
            }
        }, clock, scheduler, BATCH_NANOS);
        boolean started = runner.start("Replaying with policy " + policy.get(),
                (progress, cancel) -> engine.replay(req, batcher::offer, cancel), this::show, failure -> stopped());
        if (started) {
            // a cancelled run ends without a result: its partial timeline must not read as done
            runner.runningProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (!now) {
                        o.removeListener(this);
                        // after the runner's own completion: a result shown by then has ended the live run
                        ui.execute(() -> {
                            if (run == generation) {
                                stopped();
                            }
                        });
                    }
                }
            });
        }
        return started;
    }

    /** The live run ended without a result (failed or cancelled): its events stay, said to be incomplete. */
    private void stopped() {
        if (!live) {
            return;
        }
        live = false;
        generation++;
        rebuild();
        headline.set("Stopped before the end · " + headline.get());
        ConnectionTimeline t = timeline.get();
        verdict.set(VerdictText.unknown("? stopped: " + (t.misdirectedCount() == 0 ? "no 421 so far"
                : t.misdirectedCount() + " × 421 so far") + t.misrouteSummary().map(m -> ", " + m).orElse("")));
    }

    /** Shows a finished run (replaces the live view with the authoritative event list) and keeps it in the session. */
    public void show(ReplayRun run) {
        endComparison();
        keep(run);
        showRun(run);
    }

    /** Shows a session's runs, oldest first: every one kept, the latest shown; none clears the screen. */
    public void showRuns(List<ReplayRun> all) {
        clear();
        runs.setAll(all);
        if (!all.isEmpty()) {
            showRun(all.get(all.size() - 1));
        }
    }

    /**
     * Shows two of the session's runs side by side, {@code before} on the left; the labels name each by its number
     * and settings.
     */
    public void compare(ReplayRun before, ReplayRun after) {
        showPair(before, describe(before), after, describe(after));
        headline.set("Two runs of this session: " + describe(before) + " (left), " + describe(after) + " (right)");
        runFindings.setAll(after.findings());
    }

    /** Shows {@code earlier} beside the session's latest run; nothing happens for the latest run itself or none. */
    public void compareWithLatest(ReplayRun earlier) {
        if (earlier != null && !runs.isEmpty() && runs.get(runs.size() - 1) != earlier) {
            compare(earlier, runs.get(runs.size() - 1));
        }
    }

    /** A run in words for choosers and comparisons: "Run 2 · coalescing, 421 retry on · lab tenants-wildcard". */
    public String describe(ReplayRun r) {
        int i = runs.indexOf(r);
        return (i < 0 ? "Run" : "Run " + (i + 1)) + " · " + r.policy() + (r.retry421() ? ", 421 retry on" : ", 421 retry off")
                + (r.http1() ? ", HTTP/1.1" : "")
                + r.labScenario().map(id -> " · lab " + id + (r.fixed() ? " (fixed)" : "")).orElse("");
    }

    private void keep(ReplayRun run) {
        if (!runs.contains(run)) {
            runs.add(run);
        }
    }

    /**
     * Shows two finished runs side by side: before (the problem) and after (the fix), each with a one-line verdict.
     * The run settings show the "after" run's.
     */
    public void showComparison(ReplayRun before, String beforeLabel, ReplayRun after, String afterLabel) {
        showPair(before, beforeLabel, after, afterLabel);
        headline.set("The same plan twice: as broken (left) and with the fix (right)");
        Optional<String> misroutedBefore = timeline.get().misrouteSummary();
        if (misroutedBefore.isPresent()) {
            // a scenario that misroutes has no 421 to lose: say what the fix removed
            headline.set("The same plan twice: as broken (left, " + misroutedBefore.get() + ") and with the fix (right, "
                    + afterTimeline.get().misrouteSummary().orElse("nothing misrouted") + ")");
            if (afterVerdict.get().verdict() == Verdict.OK) {
                afterVerdict.set(VerdictText.ok("✔ nothing misrouted, no 421"));
            }
        }
        runFindings.setAll(comparisonFindings(before, after, afterLabel));
    }

    private void showPair(ReplayRun before, String beforeLabel, ReplayRun after, String afterLabel) {
        keep(before);
        keep(after);
        showRun(before);
        ConnectionTimeline t = ConnectionTimeline.of(after.events());
        afterSelectedBar.set(null);
        afterTimeline.set(t);
        afterVerdict.set(verdictOf(t, after));
        beforeTitle.set(beforeLabel);
        afterTitle.set(afterLabel);
        comparing.set(true);
        outcomes.setAll(after.steps());
        lastRun = Optional.of(after);
    }

    /**
     * What a comparison found: the broken run's findings (the problem and its fix), then the other run's, each titled
     * as that run's, so a clean second run never reads as "nothing to fix" for the session.
     */
    static List<Finding> comparisonFindings(ReplayRun before, ReplayRun after, String afterLabel) {
        List<Finding> all = new ArrayList<>(before.findings());
        for (Finding f : after.findings()) {
            if (!all.contains(f)) {
                all.add(f.severity() == Severity.INFO
                        ? new Finding(f.cause(), f.severity(), afterLabel + ": " + f.title(), f.details(),
                        f.explanation(), "This run shows the fix at work; apply it where the problem runs.",
                        f.authorities())
                        : f);
            }
        }
        return all;
    }

    private void endComparison() {
        comparing.set(false);
        afterSelectedBar.set(null);
        afterTimeline.set(ConnectionTimeline.empty());
        afterVerdict.set(VerdictText.NONE);
        beforeTitle.set("");
        afterTitle.set("");
    }

    /** Points the run settings at a lab scenario and its plan (the Run button then replays against the lab). */
    public void useLab(String scenarioId, String plan) {
        labScenario = Optional.of(scenarioId);
        planText.set(plan);
        labHint.set("Runs against the lab scenario " + scenarioId + " on loopback (its name map and CA).");
    }

    /** Stops pointing the run settings at a lab: Run then replays against real origins. */
    public void leaveLab() {
        labScenario = Optional.empty();
        labHint.set("");
    }

    /** Sets the run settings: policy, 421 retry, HTTP/1.1. */
    public void configure(ConnectionPolicy p, boolean retry, boolean forceHttp1) {
        policy.set(java.util.Objects.requireNonNull(p, "policy"));
        retry421.set(retry);
        http1.set(forceHttp1);
    }

    /** Asks the running replay to stop. */
    public void cancel() {
        runner.cancel();
    }

    /** The lab scenario the Run button replays against, when any. */
    public Optional<String> labScenario() {
        return labScenario;
    }

    private void showRun(ReplayRun run) {
        generation++;
        live = false;
        shown = run;
        lastRun = Optional.of(run);
        liveEvents.clear();
        liveEvents.addAll(run.events());
        planText.set(run.planText());
        policy.set(run.policy());
        retry421.set(run.retry421());
        http1.set(run.http1());
        outcomes.setAll(run.steps());
        runFindings.setAll(run.findings());
        rebuild();
        if (selectedBar.get() == null) {
            // open on the first 421, the exchange the run is about; in a run without one, on the first misrouted
            problem().ifPresent(selectedBar::set);
        }
    }

    /** The exchange the shown run is about: its first 421, else its first misrouted exchange. */
    private Optional<Bar> problem() {
        return timeline.get().bars().stream().filter(Bar::misdirected).findFirst()
                .or(() -> timeline.get().bars().stream().filter(Bar::misrouted).findFirst());
    }

    /**
     * Selects the exchange the shown run is about (its first 421, else its first misrouted exchange) and asks the view
     * for its details; false when the run has neither or a run is still going.
     */
    public boolean selectProblem() {
        Optional<Bar> p = live ? Optional.empty() : problem();
        p.ifPresent(b -> {
            selectedBar.set(b);
            detailsRequest.set(detailsRequest.get() + 1);
        });
        return p.isPresent();
    }

    /** Counts the requests to show the selected exchange's details; the view brings that tab forward on each. */
    public ReadOnlyIntegerProperty detailsRequestProperty() {
        return detailsRequest.getReadOnlyProperty();
    }

    /** Appends live events (one batch, on the UI thread). */
    void append(List<TimelineEvent> batch) {
        liveEvents.addAll(batch);
        rebuild();
    }

    private void rebuild() {
        ConnectionTimeline t = ConnectionTimeline.of(liveEvents);
        Bar keep = selectedBar.get();
        timeline.set(t);
        selectedBar.set(keep == null ? null : t.bars().stream().filter(b -> b.exchangeId() == keep.exchangeId()).findFirst().orElse(null));
        long misdirected = t.misdirectedCount();
        long hidden = t.bars().stream().filter(b -> b.misdirected() && b.hidden()).count();
        String counts = t.lanes().size() + (t.lanes().size() == 1 ? " connection · " : " connections · ")
                + t.bars().size() + (t.bars().size() == 1 ? " exchange" : " exchanges");
        String misrouted = t.misrouteSummary().map(m -> " · ✘ " + m).orElse("");
        if (live) {
            headline.set("… running · " + counts + " so far" + (misdirected == 0 ? "" : " · ⚠ " + misdirected + " × 421")
                    + misrouted);
            verdict.set(VerdictText.unknown("… running"));
            return;
        }
        VerdictText v = verdictOf(t, shown);
        headline.set(counts + " · " + (v.verdict() == Verdict.OK ? "✔ no 421" : misdirected == 0 ? v.text()
                : "⚠ " + misdirected + " × 421" + (hidden > 0 ? " (" + hidden + " hidden by the client's retry)" : "")
                + misrouted));
        verdict.set(v);
    }

    /**
     * A finished run is bad when it got a 421 ("✘ 2 × 421, 1 hidden retry") or a misrouted answer, which is no 421
     * ("✘ 1 misrouted: 404 from the wrong backend"); "✔ no 421" only when its source could have shown one (a HAR
     * cannot show the 421s a browser retried: "? no 421 seen"); nothing to judge before a run.
     */
    static VerdictText verdictOf(ConnectionTimeline t, ReplayRun run) {
        long misdirected = t.misdirectedCount();
        if (t.bars().isEmpty()) {
            return VerdictText.NONE;
        }
        Optional<String> misrouted = t.misrouteSummary();
        if (misdirected == 0 && misrouted.isEmpty()) {
            return run != null && !run.showsRetried421() ? VerdictText.unknown("? no 421 seen — a HAR cannot show "
                    + "the 421s a browser retried") : VerdictText.ok("✔ no 421");
        }
        if (misdirected == 0) {
            return VerdictText.bad("✘ " + misrouted.get());
        }
        long retries = t.bars().stream().filter(b -> b.retryOf() != -1).count();
        return VerdictText.bad("✘ " + misdirected + " × 421"
                + (retries == 0 ? "" : ", " + retries + " hidden retr" + (retries == 1 ? "y" : "ies"))
                + misrouted.map(m -> ", " + m).orElse(""));
    }

    private void describe(Bar b, ConnectionTimeline t) {
        if (b == null) {
            request.set("Click an exchange on the timeline to see its request, connection and what each side saw.");
            connection.set("");
            clientView.set("");
            serverView.set("");
            return;
        }
        Optional<Lane> lane = t.lane(b.connectionId());
        String sni = lane.flatMap(Lane::sni).orElse("none");
        request.set(b.method() + " " + b.path() + "\nauthority " + b.authority() + "\nstep " + (b.step() + 1) + ", attempt "
                + b.attempt() + (b.retryOf() != -1 ? " (retry of exchange " + ExchangeText.exchange(b.retryOf()) + ")" : "")
                + "\nstatus " + (b.failed() ? "failed: " + b.error().orElse("") : b.status() == 0 ? "no response"
                : b.status() + (b.misdirected() ? " Misdirected Request" : ""))
                + String.format("%ntime %.1f ms → %.1f ms", b.startMicros() / 1000.0, b.endMicros() / 1000.0));
        connection.set(lane.map(l -> "connection #" + l.connectionId() + "\nSNI " + sni + "\npeer " + l.label()
                + "\nlocal port " + l.localPort() + "\nprotocol " + l.protocol() + l.tlsVersion().map(v -> ", " + v).orElse("")
                + l.peerCertificate().map(c -> "\ncertificate " + c).orElse("")
                + (l.coalesced() ? "\n⇄ shared by authorities other than its SNI" : ""))
                .orElse("connection unknown (the exchange failed before a connection was chosen)"));
        boolean mismatch = lane.flatMap(Lane::sni).map(s -> !HostPort.hostOf(b.authority()).equalsIgnoreCase(s))
                .orElse(false);
        Optional<Bar> retry = t.bars().stream().filter(x -> x.retryOf() == b.exchangeId()).findFirst();
        clientView.set("The client sent authority " + b.authority() + " on connection #" + b.connectionId()
                + " with SNI " + sni + "."
                + (mismatch ? "\n⚠ SNI and authority differ: this request was coalesced onto another name's connection." : "")
                + (b.hidden() ? "\n↻ The 421 was hidden: the client retried"
                + retry.map(r -> " as exchange " + ExchangeText.exchange(r.exchangeId()) + " on connection #" + r.connectionId()
                + " (status " + r.status() + ")").orElse("") + " and reported only the retry's result." : ""));
        serverView.set(b.server().map(ReplayViewModel::describeServer)
                .orElse("No server record for this exchange (lab runs have one; for a real server, import its log "
                        + "with File › Import: Apache or nginx error log, Caddy, Envoy or Traefik log)."));
    }

    private static String describeServer(ServerView s) {
        return s.origin() + " saw SNI " + s.sni().orElse("none") + ", authority " + s.authority() + " " + s.path()
                + (s.alpn().isEmpty() ? "" : " over " + s.alpn())
                + (s.clientPort() > 0 ? " from client port " + s.clientPort() : "") + "\nanswered " + s.status() + ": "
                + s.reason();
    }

    /** The last finished run shown, for saving it into the session. */
    public Optional<ReplayRun> lastRun() {
        return lastRun;
    }

    /** Forgets the run and empties the timeline. */
    public void clear() {
        generation++;
        live = false;
        shown = null;
        lastRun = Optional.empty();
        runs.clear();
        liveEvents.clear();
        selectedBar.set(null);
        endComparison();
        outcomes.clear();
        runFindings.clear();
        rebuild();
        headline.set("No replay yet.");
    }

    /** Every run of the session, oldest first: saved with it, and any two can be compared. */
    public ObservableList<ReplayRun> runs() {
        return runs;
    }

    public PlanEditorViewModel planEditor() {
        return planEditor;
    }

    /** The shown run's verdict (the "before" run's when comparing). */
    public ReadOnlyObjectProperty<VerdictText> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionTimeline> afterTimelineProperty() {
        return afterTimeline.getReadOnlyProperty();
    }

    public ObjectProperty<Bar> afterSelectedBarProperty() {
        return afterSelectedBar;
    }

    /** The "after" run's verdict while comparing; {@link VerdictText#NONE} otherwise. */
    public ReadOnlyObjectProperty<VerdictText> afterVerdictProperty() {
        return afterVerdict.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty beforeTitleProperty() {
        return beforeTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty afterTitleProperty() {
        return afterTitle.getReadOnlyProperty();
    }

    /** True while two runs are shown side by side. */
    public javafx.beans.property.ReadOnlyBooleanProperty comparingProperty() {
        return comparing;
    }

    /** The shown run's step outcomes (the "after" run's when comparing). */
    public ObservableList<StepOutcome> outcomes() {
        return outcomes;
    }

    /** The shown run's findings (the "after" run's when comparing). */
    public ObservableList<Finding> findings() {
        return runFindings;
    }

    public ReadOnlyStringProperty labHintProperty() {
        return labHint.getReadOnlyProperty();
    }

    public TaskRunner runner() {
        return runner;
    }

    public StringProperty planTextProperty() {
        return planText;
    }

    public ObjectProperty<ConnectionPolicy> policyProperty() {
        return policy;
    }

    public BooleanProperty retry421Property() {
        return retry421;
    }

    public BooleanProperty http1Property() {
        return http1;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public ReadOnlyObjectProperty<ConnectionTimeline> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    public ObjectProperty<Bar> selectedBarProperty() {
        return selectedBar;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty requestProperty() {
        return request.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty clientViewProperty() {
        return clientView.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverViewProperty() {
        return serverView.getReadOnlyProperty();
    }
}
