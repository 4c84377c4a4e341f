package dev.misdirect.ui.coalescing;

import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.report.ClientGroups;
import dev.misdirect.core.report.ClientGroups.ClientGroup;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Coalescing screen: one entry per decision, listing the clients that decide alike (the reports' grouping); for
 * the selected one, the groups of authorities that would share a connection and every pair with the deciding rule
 * and its 421 risk, measured where a verify run measured it. Below, the session's latest verify run as a pairs ×
 * verdict matrix, and the selected pair's two answers side by side. After an import whose coalesced requests were
 * answered, an offer to verify those pairs. UI thread only.
 */
public final class CoalescingViewModel {
    /** Stands for a client's name in the words compared when clients are grouped. */
    private static final String CLIENT = "{client}";
    private final ObservableList<CoalescingPrediction> predictions = FXCollections.observableArrayList();
    private final ObservableList<ClientGroup> clients = FXCollections.observableArrayList();
    private final ObjectProperty<ClientGroup> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final ObservableList<PairRow> pairs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper onMisdirected = new ReadOnlyStringWrapper(this, "onMisdirected", "");
    private final ObservableList<VerifyRun> verifications = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<VerifyRun> latest = new ReadOnlyObjectWrapper<>(this, "latest");
    private final ReadOnlyStringWrapper verifySummary = new ReadOnlyStringWrapper(this, "verifySummary", "");
    private final ObjectProperty<PairVerification> selectedPair = new SimpleObjectProperty<>(this, "selectedPair");
    private final ReadOnlyStringWrapper pairReason = new ReadOnlyStringWrapper(this, "pairReason", "");
    private final ReadOnlyStringWrapper ownAnswer = new ReadOnlyStringWrapper(this, "ownAnswer", "");
    private final ReadOnlyStringWrapper carriedAnswer = new ReadOnlyStringWrapper(this, "carriedAnswer", "");
    private final ReadOnlyStringWrapper offer = new ReadOnlyStringWrapper(this, "offer", "");
    private List<CoalescedPair> offered = List.of();

    /** Set while {@link #show(Prepared)} selects the entry it brings the description of. */
    private boolean describing;

    public CoalescingViewModel() {
        selected.addListener((o, was, now) -> {
            if (!describing) {
                describe(now);
            }
        });
        selectedPair.addListener((o, was, now) -> describePair(now));
        describe(null);
        showVerifications(List.of());
    }

    /** Shows new predictions, clients that decide alike as one entry, and selects the first entry that shares. */
    public void show(List<CoalescingPrediction> list) {
        show(prepare(list));
    }

    /**
     * What {@link #show(List)} shows for {@code list}: its entries and the description of the one it selects. Any
     * thread: for a set of n authorities each client decides n² pairs, too many to group and describe on the UI
     * thread while it draws.
     */
    public static Prepared prepare(List<CoalescingPrediction> list) {
        List<ClientGroup> entries = grouped(list);
        ClientGroup first = entries.stream().filter(g -> !g.groups().isEmpty()).findFirst()
                .orElse(entries.isEmpty() ? null : entries.get(0));
        return new Prepared(List.copyOf(list), entries, first, description(first));
    }

    /** Predictions grouped for the screen, the entry to select and its description ({@link #prepare}). */
    public record Prepared(List<CoalescingPrediction> predictions, List<ClientGroup> entries, ClientGroup selected,
                           Description description) {
    }

    /** What the screen says of one entry: its shared groups, every pair, the headline and what its clients do on 421. */
    public record Description(List<String> groups, List<PairRow> pairs, String headline, String onMisdirected) {
    }

    /** Shows predictions prepared by {@link #prepare}. */
    public void show(Prepared prepared) {
        predictions.setAll(prepared.predictions());
        clients.setAll(prepared.entries());
        describing = true;
        try {
            selected.set(prepared.selected());
        } finally {
            describing = false;
        }
        apply(prepared.description());
    }

    /**
     * The reports' grouping ({@link ClientGroups}) of these predictions. A measured pair's words name the client they
     * are about ("measured: Firefox puts b on a's connection → misrouted"); that name alone does not make two clients
     * decide differently, so it is left out of the comparison.
     */
    private static List<ClientGroup> grouped(List<CoalescingPrediction> list) {
        Map<String, CoalescingPrediction> byPolicy = new LinkedHashMap<>();
        list.forEach(p -> byPolicy.put(p.policy(), p));
        List<CoalescingPrediction> unnamed = list.stream().map(p -> new CoalescingPrediction(p.policy(), p.client(),
                p.groups(), p.pairs().stream().map(d -> new PairDecision(d.first(), d.second(), d.shared(), d.rule(),
                d.risk(), d.riskReason().replace(p.client(), CLIENT), d.measured())).toList(), p.onMisdirected())).toList();
        return ClientGroups.of(unnamed).stream().map(g -> {
            List<CoalescingPrediction> members = g.members().stream().map(m -> byPolicy.get(m.policy())).toList();
            return new ClientGroup(members, g.groups(), members.get(0).pairs().stream()
                    .filter(d -> d.shared() && d.risk() != MisdirectRisk.NONE).toList());
        }).toList();
    }

    /** Label of an entry of the client list: its clients and what they would share. */
    public static String clientsLabel(ClientGroup g) {
        CoalescingPrediction first = g.members().get(0);
        long likely = first.pairs().stream().filter(d -> d.shared() && d.measured().isEmpty()
                && d.risk() == MisdirectRisk.LIKELY).count();
        long misrouted = first.pairs().stream().filter(d -> d.shared()
                && d.measured().filter(v -> v == PairVerdict.MISROUTED).isPresent()).count();
        long refused = first.pairs().stream().filter(d -> d.shared()
                && d.measured().filter(v -> v == PairVerdict.REFUSED_421).isPresent()).count();
        String share = g.groups().isEmpty() ? "✔ no sharing" : "⇄ " + g.groups().size()
                + (g.groups().size() == 1 ? " shared group" : " shared groups");
        return g.clients() + " — " + share + (misrouted > 0 ? " · ✘ " + misrouted + " measured misrouted" : "")
                + (refused > 0 ? " · ⚠ " + refused + " measured 421" : "")
                + (likely > 0 ? " · ✘ " + likely + " likely 421" : "");
    }

    private void describe(ClientGroup g) {
        apply(description(g));
    }

    private void apply(Description d) {
        groups.setAll(d.groups());
        pairs.setAll(d.pairs());
        headline.set(d.headline());
        onMisdirected.set(d.onMisdirected());
    }

    /** The description of entry {@code g}, or of no prediction at all. Any thread. */
    private static Description description(ClientGroup g) {
        if (g == null) {
            return new Description(List.of(), List.of(), "No prediction yet: probe the authorities first.", "");
        }
        CoalescingPrediction first = g.members().get(0);
        // each member's decisions by pair, looked up once per pair (not searched: a set of n authorities has n² pairs)
        List<Map<List<String>, PairDecision>> byPair = g.members().stream().map(p -> {
            Map<List<String>, PairDecision> m = new HashMap<>();
            p.pairs().forEach(x -> m.putIfAbsent(List.of(x.first(), x.second()), x));
            return m;
        }).toList();
        List<String> shares = new ArrayList<>(g.groups().stream()
                .map(x -> "⇄ one connection for " + String.join(" + ", x)).toList());
        if (g.groups().isEmpty()) {
            shares.add("✔ every authority gets its own connection");
        }
        List<PairRow> rows = first.pairs().stream()
                .sorted(Comparator.comparing((PairDecision d) -> !d.shared())
                        .thenComparing(d -> -d.risk().ordinal())
                        .thenComparing(d -> -d.measured().map(PairVerdict::badness).orElse(-1)))
                .map(d -> PairRow.of(d, rules(g, byPair, d), reason(g, d))).toList();
        long shared = first.pairs().stream().filter(PairDecision::shared).count();
        return new Description(shares, rows,
                g.clients() + ": " + shared + " of " + first.pairs().size() + " pairs would share a connection",
                "On 421: " + String.join("\n", g.onMisdirected()));
    }

    /** What the server does with pair {@code d}, a measurement's words naming every client of {@code g}. */
    private static String reason(ClientGroup g, PairDecision d) {
        String client = g.members().get(0).client();
        String one = client + " puts ";
        if (d.riskReason().contains(one)) {
            return d.riskReason().replace(one, g.clients() + (g.members().size() > 1 ? " put " : " puts "));
        }
        return d.riskReason().replace(client, g.clients());
    }

    /**
     * The rule of pair {@code d} as each client of {@code g} gives it: the text once when they agree.
     * {@code byPair} holds each member's decisions (in the order of the members) by their pair.
     */
    private static String rules(ClientGroup g, List<Map<List<String>, PairDecision>> byPair, PairDecision d) {
        Map<String, List<String>> byRule = new LinkedHashMap<>();
        List<String> key = List.of(d.first(), d.second());
        for (int i = 0; i < g.members().size(); i++) {
            String client = g.members().get(i).client();
            PairDecision x = byPair.get(i).get(key);
            if (x != null) {
                byRule.computeIfAbsent(x.rule(), k -> new ArrayList<>()).add(client);
            }
        }
        if (byRule.size() <= 1) {
            return d.rule();
        }
        return byRule.entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": " + e.getKey())
                .collect(Collectors.joining("\n"));
    }

    /** Shows a session's verify runs (oldest first); the latest is the matrix, its worst pair selected. */
    public void showVerifications(List<VerifyRun> runs) {
        verifications.setAll(runs);
        showLatest();
    }

    /** Forgets the verify runs and the offer of the session before (another session is shown). */
    public void forgetVerifications() {
        showVerifications(List.of());
        offerVerification(List.of());
    }

    /** Adds a new verify run; it becomes the matrix. */
    public void addVerification(VerifyRun run) {
        verifications.add(run);
        showLatest();
    }

    private void showLatest() {
        VerifyRun run = verifications.isEmpty() ? null : verifications.get(verifications.size() - 1);
        latest.set(run);
        if (run == null) {
            verifySummary.set("Not verified yet. Verify sends each shared pair's request (GET /) on the other name's"
                    + " connection and on its own, and compares the answers.");
            selectedPair.set(null);
            return;
        }
        StringBuilder s = new StringBuilder(run.method() + " " + run.path() + " · " + run.pairs().size()
                + (run.pairs().size() == 1 ? " pair · " : " pairs · ") + run.requestsSent() + " requests · ");
        List<String> counts = new ArrayList<>();
        for (PairVerdict v : PairVerdict.values()) {
            counts.add(run.count(v) + " " + v.id());
        }
        s.append(String.join(", ", counts)).append(run.cancelled() ? " · cancelled" : "");
        if (verifications.size() > 1) {
            s.append(" · run ").append(verifications.size()).append(" of this session");
        }
        verifySummary.set(s.toString());
        selectedPair.set(run.pairs().isEmpty() ? null : run.pairs().get(0)); // worst first
    }

    private void describePair(PairVerification p) {
        if (p == null) {
            pairReason.set("");
            ownAnswer.set("");
            carriedAnswer.set("");
            return;
        }
        pairReason.set(p.verdict().id() + ": " + p.reason()
                + (p.differences().isEmpty() ? "" : "\nWhat differed: " + String.join("; ", p.differences())));
        StringBuilder own = new StringBuilder();
        for (int i = 0; i < p.own().size(); i++) {
            own.append(i == 0 ? "" : "\n\nAgain (to learn what varies):\n").append(answerText(p.own().get(i)));
        }
        ownAnswer.set(own.isEmpty() ? "Not sent." : own.toString());
        carriedAnswer.set(p.carried().map(CoalescingViewModel::answerText).orElse("Not sent."));
    }

    /** One answer in words: connection, status, identifying headers, body digest, or why none came. */
    static String answerText(PairAnswer a) {
        StringBuilder s = new StringBuilder("SNI " + a.sni() + " · :authority " + a.authority() + "\n");
        if (!a.answered()) {
            return s.append("No answer: ").append(a.error().orElse("unknown")).toString();
        }
        s.append("Status ").append(a.status()).append(a.protocol().map(p -> " (" + p + ")").orElse(""));
        for (String h : PairAnswer.IDENTIFYING_HEADERS) {
            s.append('\n').append(h).append(": ").append(a.headers().getOrDefault(h, "–"));
        }
        s.append("\nbody: ").append(a.bodySha256().map(d -> "SHA-256 " + d.substring(0, Math.min(16, d.length())) + "… · "
                + a.bodyBytes() + " bytes").orElse("not read"));
        return s.toString();
    }

    /**
     * Offers to verify the pairs an import showed coalesced and answered; none clears the offer. The offer says how
     * many and why a capture cannot settle them.
     */
    public void offerVerification(List<CoalescedPair> answered) {
        offered = List.copyOf(answered);
        int n = offered.size();
        offer.set(n == 0 ? "" : n + (n == 1 ? " coalesced pair was" : " coalesced pairs were") + " answered ("
                + offered.stream().map(p -> p.passenger() + " on " + p.carrier() + "'s connection")
                .collect(Collectors.joining(", ")) + "); a capture cannot tell a right answer from another site's page.");
    }

    /** The pairs the offer names (empty when there is no offer). */
    public List<CoalescedPair> offered() {
        return offered;
    }

    public ObservableList<CoalescingPrediction> predictions() {
        return predictions;
    }

    /** One entry per decision, listing its clients. */
    public ObservableList<ClientGroup> clients() {
        return clients;
    }

    public ObjectProperty<ClientGroup> selectedProperty() {
        return selected;
    }

    public ObservableList<String> groups() {
        return groups;
    }

    public ObservableList<PairRow> pairs() {
        return pairs;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty onMisdirectedProperty() {
        return onMisdirected.getReadOnlyProperty();
    }

    /** The session's verify runs, oldest first. */
    public ObservableList<VerifyRun> verifications() {
        return verifications;
    }

    /** The latest verify run, {@code null} when there is none. */
    public ReadOnlyObjectProperty<VerifyRun> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public Optional<VerifyRun> latest() {
        return Optional.ofNullable(latest.get());
    }

    public ReadOnlyStringProperty verifySummaryProperty() {
        return verifySummary.getReadOnlyProperty();
    }

    /** The pair whose answers are shown side by side. */
    public ObjectProperty<PairVerification> selectedPairProperty() {
        return selectedPair;
    }

    public ReadOnlyStringProperty pairReasonProperty() {
        return pairReason.getReadOnlyProperty();
    }

    /** B's answers on its own connection. */
    public ReadOnlyStringProperty ownAnswerProperty() {
        return ownAnswer.getReadOnlyProperty();
    }

    /** B's answer on A's connection. */
    public ReadOnlyStringProperty carriedAnswerProperty() {
        return carriedAnswer.getReadOnlyProperty();
    }

    /** The offer to verify an import's coalesced, answered pairs; empty when there is none. */
    public ReadOnlyStringProperty offerProperty() {
        return offer.getReadOnlyProperty();
    }
}
