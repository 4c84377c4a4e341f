package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VantageRecord;
import dev.misdirect.core.model.VerifyRun;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Merges session documents from several vantage points into one session: each vantage's probes, verifications and
 * replays kept apart under a unique name ({@link Session#vantages()}), and one finding per difference between them
 * ({@link VantageDiff}). Sessions of different authority sets merge: an authority a vantage did not probe is "not
 * probed" there, never a difference. A merged session given again contributes its vantages. Pure.
 */
public final class SessionMerge {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SessionMerge() {
    }

    /**
     * One session to merge.
     *
     * @param name    where it came from (its file), named in errors and in each vantage's {@code source}
     * @param session the document
     */
    public record Source(String name, Session session) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The merged session, created at {@code now}: the authorities of every source (first met first), each source's
     * vantages with what they saw, and the differences as findings. Its {@code probes} are the first vantage's (so
     * that views of one probe show one vantage's view); every vantage's are in {@code vantages}.
     *
     * @throws MergeException when fewer than two sources are given, or a source has nothing measured to merge
     */
    public static Session merge(List<Source> sources, Instant now) throws MergeException {
        if (sources.size() < 2) {
            throw new MergeException("merge needs at least two session documents, one per vantage; got "
                    + sources.size());
        }
        List<Pending> pending = new ArrayList<>();
        for (Source s : sources) {
            Session session = s.session();
            String origin = s.name() + (session.title().isBlank() ? "" : " (" + session.title() + ")");
            if (!session.vantages().isEmpty()) {
                for (VantageRecord v : session.vantages()) {
                    pending.add(new Pending(v.name(), v.vantage(), v.source(), v));
                }
                continue;
            }
            if (session.probes().isEmpty() && session.verifications().isEmpty() && session.replays().isEmpty()) {
                throw new MergeException(s.name() + ": nothing to merge: the session has no probe result, verify run"
                        + " or replay");
            }
            Vantage vantage = session.vantage()
                    .or(() -> session.verifications().stream().map(VerifyRun::vantage).flatMap(Optional::stream)
                            .reduce((a, b) -> b))
                    .orElseGet(() -> Vantage.unknown(session.createdAt()));
            String base = vantage.label().orElse(Vantage.UNKNOWN.equals(vantage.host()) ? stem(s.name()) : vantage.host());
            pending.add(new Pending(base, vantage, origin, new VantageRecord(base, vantage, origin, session.probes(),
                    session.verifications(), session.replays())));
        }
        List<VantageRecord> vantages = named(pending);
        Map<String, Authority> authorities = new LinkedHashMap<>();
        for (Source s : sources) {
            s.session().authoritySet().authorities().forEach(a -> authorities.putIfAbsent(a.key(), a));
        }
        for (VantageRecord v : vantages) {
            v.probes().forEach(p -> authorities.putIfAbsent(p.authority().key(), p.authority()));
        }
        List<String> scenarios = sources.stream().map(s -> s.session().labScenario()).distinct()
                .flatMap(Optional::stream).toList();
        boolean oneScenario = scenarios.size() == 1 && sources.stream().allMatch(s -> s.session().labScenario().isPresent());
        String title = "merge of " + vantages.size() + " vantages: "
                + String.join(", ", vantages.stream().map(VantageRecord::name).toList());
        return Session.of(title, AuthoritySet.of(List.copyOf(authorities.values())), now)
                .withLabScenario(oneScenario ? Optional.of(scenarios.get(0)) : Optional.empty())
                .withProbes(vantages.get(0).probes(), VantageDiff.findings(VantageDiff.differences(vantages)))
                .withVantages(vantages);
    }

    private record Pending(String base, Vantage vantage, String source, VantageRecord record) {
    }

    /**
     * Unique names: a name used once stays; vantages sharing one get their host and time added, and a number when
     * even those are alike. Both are kept.
     */
    private static List<VantageRecord> named(List<Pending> pending) {
        Map<String, Integer> uses = new HashMap<>();
        pending.forEach(p -> uses.merge(p.base(), 1, Integer::sum));
        List<String> names = new ArrayList<>();
        for (Pending p : pending) {
            names.add(uses.get(p.base()) == 1 ? p.base()
                    : p.base() + " (" + p.vantage().host() + ", " + TIME.format(p.vantage().at()) + ")");
        }
        Map<String, Integer> again = new HashMap<>();
        names.forEach(n -> again.merge(n, 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        List<VantageRecord> out = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            String n = names.get(i);
            if (again.get(n) > 1) {
                n = n + " #" + seen.merge(n, 1, Integer::sum);
            }
            VantageRecord r = pending.get(i).record();
            out.add(new VantageRecord(n, r.vantage(), r.source(), r.probes(), r.verifications(), r.replays()));
        }
        return out;
    }

    private static String stem(String source) {
        String file = source.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        return file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }
}
