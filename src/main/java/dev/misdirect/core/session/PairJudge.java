package dev.misdirect.core.session;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of one pair from its answers (DESIGN.md §3, pair verdicts). Pure.
 *
 * <p>Only what was stable between B's two answers on its own connection is compared: the status, each identifying
 * header ({@link PairAnswer#IDENTIFYING_HEADERS}) and the body digest. A 421 on A's connection is a refusal; any other
 * difference, or no answer at all (a reset stream), is a misroute.
 */
final class PairJudge {
    /** What clients do with a 421 on a coalesced connection (DESIGN.md §2 and §3). */
    static final String RETRY_NOTE = "Chromium, Firefox and OkHttp retry it on a new connection (one extra round trip"
            + " and handshake); Safari, Node's undici and .NET surface the 421.";

    private PairJudge() {
    }

    /**
     * Judges B's request on A's connection.
     *
     * @param pair       the pair
     * @param carrierOwn A's first answer on its own connection (it opened the connection B's request rides)
     * @param carried    B's answer on A's connection, when it was sent
     * @param own        B's answers on its own connection, when they were sent
     * @param untested   a reason the pair was not tested at all (over budget, cancelled before it was sent)
     */
    static PairVerification judge(VerifyPlan.Pair pair, Optional<PairAnswer> carrierOwn, Optional<PairAnswer> carried,
                                  List<PairAnswer> own, Optional<String> untested) {
        String a = pair.carrier().hostHeader();
        String b = pair.passenger().hostHeader();
        if (untested.isPresent()) {
            return verdict(pair, PairVerdict.UNTESTED, untested.get(), carried, own, List.of());
        }
        Optional<PairAnswer> failedOwn = own.stream().filter(o -> !o.answered() || o.status() == 421).findFirst();
        if (carrierOwn.isPresent() && !carrierOwn.get().answered()) {
            return verdict(pair, PairVerdict.UNTESTED, a + "'s connection to " + pair.address() + " failed: "
                    + carrierOwn.get().error().orElse("no answer"), carried, own, List.of());
        }
        if (own.size() < 2 || failedOwn.isPresent()) {
            String why = failedOwn.map(o -> o.answered() ? "it was refused with 421 on its own connection"
                    : o.error().orElse("no answer")).orElse("it was not sent");
            return verdict(pair, PairVerdict.UNTESTED, b + "'s own request to " + pair.address() + " failed: " + why,
                    carried, own, List.of());
        }
        if (carried.isEmpty()) {
            return verdict(pair, PairVerdict.UNTESTED, b + "'s request on " + a + "'s connection was not sent",
                    carried, own, List.of());
        }
        PairAnswer c = carried.get();
        if (!c.answered()) {
            String error = c.error().orElse("no answer");
            if (error.equals("cancelled")) {
                return verdict(pair, PairVerdict.UNTESTED, "cancelled", carried, own, List.of());
            }
            return verdict(pair, PairVerdict.MISROUTED, b + "'s request on " + a + "'s connection got no answer ("
                    + error + ") where its own connection answers " + own.get(0).status()
                    + ". Nothing retries it.", carried, own, List.of("no answer: " + error));
        }
        if (c.status() == 421) {
            return verdict(pair, PairVerdict.REFUSED_421, "The server refused " + b + "'s request on " + a
                    + "'s connection with 421 (its own connection answers " + own.get(0).status() + "). "
                    + RETRY_NOTE, carried, own, List.of());
        }
        List<String> differences = differences(c, own.get(0), own.get(1));
        if (differences.isEmpty()) {
            boolean bodyVaries = !Objects.equals(own.get(0).bodySha256(), own.get(1).bodySha256());
            return verdict(pair, PairVerdict.SHARED_OK, b + " got the same answer on " + a + "'s connection as on its own ("
                    + c.status() + (bodyVaries ? "; its body varies between requests, so it was not compared"
                    : c.bodySha256().isPresent() ? ", same body" : "") + ").", carried, own, List.of());
        }
        return verdict(pair, PairVerdict.MISROUTED, b + "'s request on " + a + "'s connection got another answer than on"
                + " its own: " + String.join("; ", differences) + ". Nothing retries it: every client that shares the"
                + " connection shows this answer.", carried, own, differences);
    }

    /** What differs between the carried answer and B's own, among what was the same in B's two own answers. */
    static List<String> differences(PairAnswer carried, PairAnswer own1, PairAnswer own2) {
        List<String> out = new ArrayList<>();
        if (own1.status() == own2.status() && carried.status() != own1.status()) {
            out.add("status " + carried.status() + " instead of " + own1.status());
        }
        for (String h : PairAnswer.IDENTIFYING_HEADERS) {
            Optional<String> o1 = Optional.ofNullable(own1.headers().get(h));
            if (o1.equals(Optional.ofNullable(own2.headers().get(h)))) {
                Optional<String> got = Optional.ofNullable(carried.headers().get(h));
                if (!got.equals(o1)) {
                    out.add(h + " " + got.orElse("(none)") + " instead of " + o1.orElse("(none)"));
                }
            }
        }
        if (own1.bodySha256().equals(own2.bodySha256()) && !carried.bodySha256().equals(own1.bodySha256())) {
            out.add("another body (" + body(carried) + " instead of " + body(own1) + ")");
        }
        return out;
    }

    private static String body(PairAnswer a) {
        return a.bodyBytes() + " bytes, sha256 " + a.bodySha256().map(d -> d.substring(0, Math.min(12, d.length())))
                .orElse("(none)");
    }

    private static PairVerification verdict(VerifyPlan.Pair pair, PairVerdict verdict, String reason,
                                             Optional<PairAnswer> carried, List<PairAnswer> own, List<String> differences) {
        return new PairVerification(pair.carrier().key(), pair.passenger().key(), pair.address(), verdict, reason,
                carried, own, differences, pair.coalescedBy());
    }
}
