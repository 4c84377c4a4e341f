package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prediction meets measurement: each pair a client would share gets the verdict {@code verify} measured for it, and
 * its risk words then come from the measurement ("→ 421 → retried"), not from the server families a prediction can
 * only guess at. Pairs the run did not settle keep their predicted risk and say "predicted". Pure.
 */
public final class Measurements {
    private Measurements() {
    }

    /** The predictions with every shared pair the run measured judged by the measurement. */
    public static List<CoalescingPrediction> apply(List<CoalescingPrediction> predictions, VerifyRun run) {
        Map<String, PairVerification> worst = new LinkedHashMap<>();
        for (PairVerification v : run.pairs()) {
            // a pair measured at several shared addresses counts as its worst answer: a client may land on any
            worst.merge(key(v.carrier(), v.passenger()), v,
                    (a, b) -> Comparator.comparingInt((PairVerification x) -> x.verdict().badness()).compare(a, b) >= 0 ? a : b);
        }
        return predictions.stream().map(p -> new CoalescingPrediction(p.policy(), p.client(), p.groups(),
                p.pairs().stream().map(d -> judge(d, Optional.ofNullable(worst.get(key(d.first(), d.second()))), p))
                        .toList(), p.onMisdirected())).toList();
    }

    private static PairDecision judge(PairDecision d, Optional<PairVerification> measured, CoalescingPrediction p) {
        if (!d.shared()) {
            return d;
        }
        if (measured.isEmpty()) {
            return d.predictedOnly(" (verify did not send this pair)");
        }
        PairVerification v = measured.get();
        return switch (v.verdict()) {
            case SHARED_OK -> d.measuredAs(PairVerdict.SHARED_OK, MisdirectRisk.NONE,
                    "measured: " + v.reason());
            case REFUSED_421 -> d.measuredAs(PairVerdict.REFUSED_421, MisdirectRisk.LIKELY,
                    "measured: " + p.client() + " puts " + d.second() + " on " + d.first() + "'s connection → 421 → "
                            + p.onMisdirected());
            case MISROUTED -> d.measuredAs(PairVerdict.MISROUTED, MisdirectRisk.LIKELY,
                    "measured: " + p.client() + " puts " + d.second() + " on " + d.first() + "'s connection → misrouted: "
                            + String.join("; ", v.differences()) + "; no client retries it");
            case UNTESTED -> d.predictedOnly(" (verify could not settle this pair: " + v.reason() + ")");
        };
    }

    private static String key(String carrier, String passenger) {
        return carrier + " " + passenger;
    }
}
