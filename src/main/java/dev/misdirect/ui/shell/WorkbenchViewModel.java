package dev.misdirect.ui.shell;

import dev.misdirect.Version;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.session.CapturedCoalescing;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.CoverageMatrix;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.ui.authorities.AuthoritySetViewModel;
import dev.misdirect.ui.coalescing.CoalescingViewModel;
import dev.misdirect.ui.common.LabScenario;
import dev.misdirect.ui.common.LoadedLab;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.SessionTarget;
import dev.misdirect.ui.common.TaskRunner;
import dev.misdirect.ui.common.WorkbenchActions;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.findings.FindingsViewModel;
import dev.misdirect.ui.inspect.InspectViewModel;
import dev.misdirect.ui.lab.LabViewModel;
import dev.misdirect.ui.replay.ReplayViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The window: session title, theme, the data notice (what the screens show and where it came from), the status
 * line with progress and cancel, and the actions that span screens (probe, replay, new session; opening, saving,
 * importing and exporting belong to {@code ui.files.FilesViewModel}). Owns the links between screens: a finding
 * selects its authority in Inspect; a selected authority brings its findings first. Actions whose engine service
 * is absent in this build are disabled, with the reason in {@link #probeUnavailableProperty()} and friends.
 * UI thread only.
 */
public final class WorkbenchViewModel implements WorkbenchActions {
    public static final int MAX_RECENT = 8;

    private final WorkbenchServices services;
    private final TaskRunner runner;
    private final Clock clock;
    private final AuthoritySetViewModel authorities;
    private final InspectViewModel inspect;
    private final CoalescingViewModel coalescing;
    private final FindingsViewModel findings;
    private final ReplayViewModel replay;
    private final LabViewModel lab;
    private final BooleanBinding canReproduce;
    private boolean probeWhenIdle;
    private final ReadOnlyObjectWrapper<Screen> screenRequest = new ReadOnlyObjectWrapper<>(this, "screenRequest");

    private final StringProperty sessionTitle = new SimpleStringProperty(this, "sessionTitle", "Untitled");
    private final BooleanProperty unsaved = new SimpleBooleanProperty(this, "unsaved");
    private final StringBinding windowTitle = Bindings.createStringBinding(
            () -> "Misdirect — " + sessionTitle.get() + (unsaved.get() ? " •" : ""), sessionTitle, unsaved);
    private final ReadOnlyStringWrapper dataNotice = new ReadOnlyStringWrapper(this, "dataNotice", "");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final BooleanBinding canProbe;
    private final BooleanBinding canVerify;
    private final ReadOnlyStringWrapper probeUnavailable = new ReadOnlyStringWrapper(this, "probeUnavailable", "");
    private List<CoalescingPrediction> predictions = List.of();
    private final ReadOnlyObjectWrapper<SessionTarget> target = new ReadOnlyObjectWrapper<>(this, "target",
            SessionTarget.system());
    private BooleanSupplier mayReplace = () -> true;
    private Runnable whenLoaded;
    private Runnable whenProbed;
    private Instant createdAt;

    public WorkbenchViewModel(WorkbenchServices services, TaskRunner runner, Clock clock,
                              AuthoritySetViewModel authorities, InspectViewModel inspect, CoalescingViewModel coalescing,
                              FindingsViewModel findings, ReplayViewModel replay, LabViewModel lab) {
        this.services = services;
        this.runner = runner;
        this.clock = clock;
        this.authorities = authorities;
        this.inspect = inspect;
        this.coalescing = coalescing;
        this.findings = findings;
        this.replay = replay;
        this.createdAt = clock.instant();
        this.lab = lab;
        this.canReproduce = Bindings.createBooleanBinding(() -> services.replay().isPresent()
                && services.lab().isPresent() && lab.selectedProperty().get() != null
                && !runner.runningProperty().get(), lab.selectedProperty(), runner.runningProperty());
        lab.setOnLoaded(this::labLoaded);
        replay.findings().addListener((javafx.collections.ListChangeListener<dev.misdirect.core.model.Finding>) c ->
                showFindings());
        // a probe asked for while another operation runs starts when the runner is idle again; what waited for a
        // new lab session's probe (Reproduce, Try the fix) starts after it
        runner.runningProperty().addListener((o, was, now) -> {
            if (now) {
                return;
            }
            if (runner.lastCancelled()) {
                // a cancelled scenario load or probe also cancels the Reproduce or Try the fix waiting for it
                whenLoaded = null;
                whenProbed = null;
            }
            if (probeWhenIdle) {
                probeWhenIdle = false;
                if (probe()) {
                    return;
                }
            }
            Runnable next = whenProbed;
            whenProbed = null;
            if (next != null) {
                next.run();
            }
        });
        this.canProbe = Bindings.createBooleanBinding(() -> services.inspection().isPresent()
                && !runner.runningProperty().get() && !authorities.authoritySet().isEmpty(),
                runner.runningProperty(), authorities.rows());
        this.canVerify = Bindings.createBooleanBinding(() -> services.verify().isPresent()
                && !runner.runningProperty().get() && !authorities.authoritySet().isEmpty(),
                runner.runningProperty(), authorities.rows());
        probeUnavailable.set(services.inspection().isPresent() ? "" : "The probe engine is not part of this build.");
        findings.linkedAuthorityProperty().addListener((o, was, key) -> inspect.selectedAuthorityProperty().set(key));
        inspect.selectedAuthorityProperty().addListener((o, was, key) -> findings.focusAuthorityProperty().set(key));
    }

    /** Probes the good authorities of the editor, then predicts coalescing; false when it cannot start. */
    public boolean probe() {
        if (!canProbe.get()) {
            return false;
        }
        AuthoritySet set = authorities.authoritySet();
        WorkbenchServices.InspectionService engine = services.inspection().orElseThrow();
        SessionTarget session = target.get().withVantage(inspect.vantageLabelProperty().get());
        Optional<VerifyRun> verified = coalescing.latest();
        boolean tlsSettings = authorities.tlsSettingsProperty().get();
        int n = set.authorities().size();
        return runner.start("Probing " + n + (n == 1 ? " authority" : " authorities"), (progress, cancel) -> {
            Inspection result = engine.inspect(session, set, tlsSettings, progress, cancel);
            if (!cancel.isCancelled() && verified.isPresent() && services.verify().isPresent()) {
                // the session's latest verify run still says what the servers answered: the new probe is judged by it
                WorkbenchServices.Verified judged = services.verify().get().judge(result.results(), verified.get());
                return new Probed(judged.inspection(), CoalescingViewModel.prepare(judged.predictions()));
            }
            // the engine's inspection holds every client's prediction when it worked out the clients' view
            List<CoalescingPrediction> predicted = cancel.isCancelled() ? List.of()
                    : !result.predictions().isEmpty() ? result.predictions()
                    : services.prediction().map(p -> p.predict(set, result.results())).orElse(List.of());
            return new Probed(result, CoalescingViewModel.prepare(predicted));
        }, done -> {
            present(done.inspection(), done.predictions());
            if (session.labScenario().isEmpty()) {
                dataNotice.set("");
            }
        });
    }

    /** A probe's inspection and its predictions, grouped for the Coalescing screen off the UI thread. */
    private record Probed(Inspection inspection, CoalescingViewModel.Prepared predictions) {
    }

    /** A verify run's outcome and its predictions grouped for the Coalescing screen off the UI thread. */
    private record VerifiedShown(WorkbenchServices.Verified verified, CoalescingViewModel.Prepared predictions) {
    }

    /** Shows an inspection and its predictions on the screens. */
    public void present(Inspection inspection, List<CoalescingPrediction> predicted) {
        present(inspection, CoalescingViewModel.prepare(predicted));
    }

    /** Shows an inspection and its predictions, already grouped for the Coalescing screen, on the screens. */
    private void present(Inspection inspection, CoalescingViewModel.Prepared predicted) {
        predictions = predicted.predictions();
        inspect.show(inspection);
        coalescing.show(predicted);
        showFindings(inspection);
        if (inspect.selectedAuthorityProperty().get() == null) {
            // open on the most important problem, so the certificate pane says something at once
            inspection.findings().stream()
                    .filter(f -> f.severity() == dev.misdirect.core.model.Severity.PROBLEM && !f.authorities().isEmpty())
                    .findFirst().ifPresent(f -> inspect.selectedAuthorityProperty().set(f.authorities().get(0)));
        }
        if (inspect.selectedAuthorityProperty().get() == null && !inspection.results().isEmpty()) {
            inspect.selectedAuthorityProperty().set(inspection.results().get(0).authority().key());
        }
    }

    private void showFindings() {
        showFindings(inspect.inspectionProperty().get());
    }

    /** The probe's findings, then the last replay's. */
    private void showFindings(Inspection inspection) {
        List<dev.misdirect.core.model.Finding> all = new ArrayList<>(inspection.findings());
        all.addAll(replay.findings());
        findings.show(all);
    }

    /**
     * Shows a prepared data set (e.g. the built-in sample) with a notice that says where it came from; the notice
     * stays until real data replaces it.
     */
    public void presentWithNotice(String notice, String title, AuthoritySet set, Inspection inspection,
                                  List<CoalescingPrediction> predicted, Optional<ReplayRun> run) {
        sessionTitle.set(title);
        setTarget(SessionTarget.system());
        authorities.load(set);
        coalescing.forgetVerifications();
        present(inspection, predicted);
        replay.showRuns(run.stream().toList());
        dataNotice.set(notice);
    }

    /**
     * Loads a lab scenario as a new session (origins started, authorities into the session) and probes it; false when
     * it cannot start or the user keeps the session it would replace.
     */
    public boolean loadLab(String scenarioId) {
        return lab.select(scenarioId) && lab.load();
    }

    /**
     * Asked before an action replaces the session's content (loading a scenario, Reproduce or Try the fix outside
     * that scenario's session); true to go on. The file side asks the user when the session has unsaved changes.
     */
    public void setMayReplace(BooleanSupplier mayReplace) {
        this.mayReplace = mayReplace;
        lab.setMayReplace(mayReplace);
    }

    private void labLoaded(LoadedLab l) {
        Runnable then = whenLoaded;
        sessionTitle.set("Lab: " + l.scenarioId());
        setTarget(SessionTarget.lab(l.scenarioId()));
        authorities.load(l.authoritySet());
        coalescing.forgetVerifications();
        replay.clear();
        replay.useLab(l.scenarioId(), l.planText());
        lab.loadedScenario().ifPresent(s -> replay.configure(s.reproducePolicy(), true, false));
        dataNotice.set("Lab on :" + l.port() + " — try “Reproduce " + lab.loadedScenario().map(LabScenario::problem)
                .orElse("the 421") + "”");
        if (runner.runningProperty().get()) {
            probeWhenIdle = true; // another operation is still running: probe as soon as it ends
            whenProbed = then;
        } else if (probe()) {
            whenProbed = then;
        } else if (then != null) {
            then.run();
        }
    }

    /**
     * Replays the plan of the scenario selected in the Lab with the policy that shows its 421, the client's 421 retry
     * on (so the hidden 421 and the retry appear). Outside that scenario's session it first loads the scenario as a
     * new session (asking when the open one has unsaved changes), so that a lab run never lands in another session.
     * False when it cannot start.
     */
    @Override
    public boolean reproduce() {
        return inLabSession(s -> {
            replay.useLab(s.id(), lab.loadedProperty().get().planText());
            replay.configure(s.reproducePolicy(), true, false);
            boolean started = replay.run();
            if (started) {
                showScreen(Screen.REPLAY);
            }
            return started;
        });
    }

    /**
     * Runs {@code action} in the session of the scenario selected in the Lab: at once when the session is that
     * scenario's and its origins run; otherwise after loading the scenario as a new session and probing it, once the
     * user agreed to replace the open session. False when nothing started.
     */
    private boolean inLabSession(Predicate<LabScenario> action) {
        LabScenario s = lab.selectedProperty().get();
        if (!canReproduce.get() || s == null) {
            return false;
        }
        if (inSelectedScenario()) {
            return action.test(s);
        }
        if (!mayReplace.getAsBoolean()) {
            return false;
        }
        whenLoaded = () -> action.test(s);
        if (!lab.loadReplacing()) {
            whenLoaded = null;
            return false;
        }
        return true;
    }

    /** True when the session is the selected scenario's and its origins run. */
    private boolean inSelectedScenario() {
        LabScenario s = lab.selectedProperty().get();
        LoadedLab l = lab.loadedProperty().get();
        return s != null && target.get().isLab(s.id()) && l != null && l.scenarioId().equals(s.id())
                && lab.originsRunningProperty().get();
    }

    @Override
    public boolean predict() {
        if (canReproduce.get() && inSelectedScenario()) {
            if (!probe()) {
                return false;
            }
            whenProbed = () -> showScreen(Screen.COALESCING);
            return true;
        }
        // loading the scenario as a new session probes it; the prediction is ready when the action runs
        return inLabSession(s -> {
            showScreen(Screen.COALESCING);
            return true;
        });
    }

    @Override
    public boolean explain() {
        if (runner.runningProperty().get() || !replay.selectProblem()) {
            return false;
        }
        showScreen(Screen.REPLAY);
        return true;
    }

    @Override
    public boolean verify() {
        return verify(List.of(), "Verifying the shared pairs");
    }

    @Override
    public boolean verifyOffered() {
        List<CoalescedPair> offered = coalescing.offered();
        return !offered.isEmpty() && verify(offered, "Verifying the capture's coalesced pairs");
    }

    /**
     * Verifies {@code only} (every shared pair when empty) against the session's target, shows the run on Coalescing
     * and judges the probe, the predictions and the findings by it.
     */
    private boolean verify(List<CoalescedPair> only, String context) {
        if (!canVerify.get()) {
            return false;
        }
        WorkbenchServices.VerifyService verifier = services.verify().orElseThrow();
        WorkbenchServices.VerifyRequest request = new WorkbenchServices.VerifyRequest(target.get(),
                authorities.authoritySet(), only);
        // an import's probes are what the capture saw (its certificates included): the run judges them, it does not
        // replace them with today's probe of the real network
        List<ProbeResult> captured = target.get().kind() == SessionTarget.Kind.IMPORT
                ? inspect.inspectionProperty().get().results() : List.of();
        boolean started = runner.start(context, (progress, cancel) -> {
            WorkbenchServices.Verified v = verifier.verify(request, progress, cancel);
            WorkbenchServices.Verified judged = captured.isEmpty() || cancel.isCancelled() ? v
                    : verifier.judge(captured, v.run());
            return new VerifiedShown(judged, CoalescingViewModel.prepare(judged.predictions()));
        }, shown -> {
            WorkbenchServices.Verified v = shown.verified();
            present(v.inspection(), shown.predictions());
            coalescing.addVerification(v.run());
            if (!only.isEmpty()) {
                coalescing.offerVerification(List.of());
            }
            VerifyRun run = v.run();
            runner.say("Verified " + run.pairs().size() + (run.pairs().size() == 1 ? " pair: " : " pairs: ")
                    + run.count(PairVerdict.MISROUTED) + " misrouted, " + run.count(PairVerdict.REFUSED_421)
                    + " refused-421, " + run.count(PairVerdict.SHARED_OK) + " shared-ok, "
                    + run.count(PairVerdict.UNTESTED) + " untested");
        });
        if (started) {
            showScreen(Screen.COALESCING);
        }
        return started;
    }

    @Override
    public BooleanBinding canVerifyProperty() {
        return canVerify;
    }

    @Override
    public void showScreen(Screen screen) {
        screenRequest.set(null);
        screenRequest.set(screen);
    }

    /** The screen last asked for (Replay after Reproduce / Try the fix); the view follows it. */
    public ReadOnlyObjectProperty<Screen> screenRequestProperty() {
        return screenRequest.getReadOnlyProperty();
    }

    /**
     * Runs the scenario selected in the Lab twice and shows both timelines side by side: as broken (the reproducing
     * policy), then with its fix (the fixed variant, or per-authority pools when that is the scenario's fix). Outside
     * that scenario's session it first loads it as a new session, as {@link #reproduce()} does. False when it cannot
     * start.
     */
    @Override
    public boolean tryFix() {
        return services.fix().isPresent() && inLabSession(this::runFix);
    }

    private boolean runFix(LabScenario s) {
        WorkbenchServices.FixService fixer = services.fix().get();
        LabScenario.TryFix fix = s.tryFix();
        String beforeLabel = "Before · " + s.reproducePolicy() + ", 421 retry on";
        String afterLabel = "After · " + (fix.fixedVariant() ? "fixed servers" : "same servers") + ", " + fix.policy();
        boolean started = runner.start("Trying the fix for " + s.id(),
                (progress, cancel) -> fixer.tryFix(s.id(), progress, cancel), r -> {
                    if (r.after().isEmpty()) {
                        replay.show(r.before());
                        runner.say("Try the fix stopped after the broken run");
                        return;
                    }
                    replay.showComparison(r.before(), beforeLabel, r.after().get(), afterLabel);
                    runner.say("Fix tried: " + fix.explanation());
                });
        if (started) {
            showScreen(Screen.REPLAY);
        }
        return started;
    }

    /** Starts an empty session. */
    public void newSession() {
        sessionTitle.set("Untitled");
        createdAt = clock.instant();
        setTarget(SessionTarget.system());
        authorities.load(AuthoritySet.empty());
        coalescing.forgetVerifications();
        present(new Inspection(List.of(), CoverageMatrix.empty(), List.of(), List.of()), List.of());
        replay.clear();
        replay.planTextProperty().set("");
        dataNotice.set("");
        runner.say("New session");
    }

    /**
     * Shows a session (opened, imported or recovered) on every screen: its authorities, the probe results with
     * {@code inspection} (their SAN matrix and overlaps, recomputed), the predictions, every replay run (the latest
     * shown) and every finding, the latest run's included. Its target is the lab scenario it names, the real network
     * otherwise.
     */
    public void show(Session s, Inspection inspection) {
        show(s, inspection, SessionTarget.of(s.labScenario()));
    }

    /** {@link #show(Session, Inspection)} with the session's target given (an import names its source). */
    public void show(Session s, Inspection inspection, SessionTarget sessionTarget) {
        sessionTitle.set(s.title());
        createdAt = s.createdAt();
        setTarget(sessionTarget);
        authorities.load(s.authoritySet());
        inspect.selectedAuthorityProperty().set(null);
        present(new Inspection(s.probes(), inspection.coverage(), inspection.overlaps(), s.findings(), s.vantage()),
                s.predictions());
        coalescing.showVerifications(s.verifications());
        // a capture's coalesced requests that were answered may have been another site's page: offer to verify them
        coalescing.offerVerification(sessionTarget.kind() == SessionTarget.Kind.IMPORT && s.verifications().isEmpty()
                ? CapturedCoalescing.answered(s.replays()) : List.of());
        Optional<ReplayRun> last = s.replays().stream().reduce((a, b) -> b);
        replay.showRuns(s.replays());
        List<Finding> all = new ArrayList<>(s.findings());
        last.ifPresent(r -> r.findings().stream().filter(f -> !all.contains(f)).forEach(all::add));
        findings.show(all);
        dataNotice.set("");
    }

    /** The session as it stands, every replay run included, for saving or export. */
    public Session session() {
        Inspection i = inspect.inspectionProperty().get();
        Session s = Session.of(sessionTitle.get(), authorities.authoritySet(), createdAt)
                .withLabScenario(target.get().labScenario())
                .withProbes(i.results(), i.findings())
                .withPredictions(predictions)
                .withVantage(i.vantage()).withVantages(inspect.vantages());
        for (ReplayRun r : replay.runs()) {
            s = s.withReplay(r);
        }
        for (VerifyRun v : coalescing.verifications()) {
            s = s.withVerification(v);
        }
        return s;
    }

    /**
     * Makes {@code t} the session's target: probes and replays go there, and a run of a lab scenario never lands in
     * another session. Pending actions of the session before are dropped.
     */
    private void setTarget(SessionTarget t) {
        whenLoaded = null;
        whenProbed = null;
        target.set(t);
        t.labScenario().ifPresentOrElse(id -> replay.useLab(id, replay.planTextProperty().get()), replay::leaveLab);
    }

    /**
     * True for a lab session as its scenario made it (the scenario's authorities, no replay run): loading the scenario
     * again gives it back, so replacing it loses nothing.
     */
    public boolean remakeable() {
        LoadedLab l = lab.loadedProperty().get();
        return target.get().kind() == SessionTarget.Kind.LAB && l != null && target.get().isLab(l.scenarioId())
                && replay.runs().isEmpty() && coalescing.verifications().isEmpty() && !runner.runningProperty().get()
                && authorities.authoritySet().authorities().equals(l.authoritySet().authorities());
    }

    /** What the session looks at: the real network, an import or a lab scenario. */
    public ReadOnlyObjectProperty<SessionTarget> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** Puts a file at the top of the recent list (at most {@value #MAX_RECENT}). */
    public void remember(Path file) {
        List<Path> next = new ArrayList<>(recent);
        next.remove(file);
        next.add(0, file);
        recent.setAll(next.subList(0, Math.min(MAX_RECENT, next.size())));
    }

    public void cancel() {
        runner.cancel();
    }

    /** Runs a replay with the Replay screen's settings; false when it cannot start. */
    public boolean runReplay() {
        return replay.run();
    }

    public void toggleTheme() {
        theme.set(theme.get() == Theme.LIGHT ? Theme.DARK : Theme.LIGHT);
    }

    /** The About text: product, Java and JavaFX versions. */
    public String aboutText() {
        return "Misdirect " + Version.get() + "\nJava " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")\nJavaFX " + System.getProperty("javafx.runtime.version", "unknown")
                + "\n\nDiagnoses HTTP 421 Misdirected Request and shows HTTP connection coalescing.";
    }

    public StringProperty sessionTitleProperty() {
        return sessionTitle;
    }

    public StringBinding windowTitleProperty() {
        return windowTitle;
    }

    public ReadOnlyStringProperty dataNoticeProperty() {
        return dataNotice.getReadOnlyProperty();
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ObservableList<Path> recent() {
        return recent;
    }

    public BooleanBinding canProbeProperty() {
        return canProbe;
    }

    public ReadOnlyStringProperty probeUnavailableProperty() {
        return probeUnavailable.getReadOnlyProperty();
    }

    /** True while the session has changes that are not saved to its file. */
    public BooleanProperty unsavedProperty() {
        return unsaved;
    }

    public TaskRunner runner() {
        return runner;
    }

    public AuthoritySetViewModel authorities() {
        return authorities;
    }

    public InspectViewModel inspect() {
        return inspect;
    }

    public CoalescingViewModel coalescing() {
        return coalescing;
    }

    public FindingsViewModel findings() {
        return findings;
    }

    public LabViewModel lab() {
        return lab;
    }

    @Override
    public BooleanBinding canReproduceProperty() {
        return canReproduce;
    }

    public ReplayViewModel replayScreen() {
        return replay;
    }
}
