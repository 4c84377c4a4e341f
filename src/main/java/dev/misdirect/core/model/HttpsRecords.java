package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What DNS said when asked for one authority's HTTPS records (RFC 9460): the records, that there are none, or
 * that it is not known (the lookup failed; nothing is assumed then).
 *
 * @param queriedName the name asked: the host for port 443, {@code _PORT._https.HOST} for another port (RFC 9460
 *                    §9.1)
 * @param source      who was asked ("system nameservers 10.0.0.53:53", "DNS server 127.0.0.53:5353")
 * @param outcome     whether records were served, none were, or the answer is unknown
 * @param records     the records served, lowest priority first (empty unless {@link Outcome#RECORDS})
 * @param reason      why the answer is unknown, or what "none" rests on ("NXDOMAIN"); empty when records came
 */
public record HttpsRecords(String queriedName, String source, Outcome outcome, List<HttpsRecord> records,
                           Optional<String> reason) {

    /** What the lookup established. */
    public enum Outcome {
        /** The server answered with HTTPS records. */
        RECORDS,
        /** The server answered: no HTTPS record at that name. */
        NONE,
        /** No usable answer (timeout, refusal, server failure): the records are unknown. */
        UNKNOWN
    }

    public HttpsRecords {
        Objects.requireNonNull(queriedName, "queriedName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        records = records == null ? List.of() : List.copyOf(records);
        reason = reason == null ? Optional.empty() : reason;
    }

    /** Records served at {@code name}. */
    public static HttpsRecords found(String name, String source, List<HttpsRecord> records) {
        return new HttpsRecords(name, source, Outcome.RECORDS, records, Optional.empty());
    }

    /** The server answered that {@code name} has no HTTPS record ({@code why}: "no HTTPS record", "NXDOMAIN"). */
    public static HttpsRecords none(String name, String source, String why) {
        return new HttpsRecords(name, source, Outcome.NONE, List.of(), Optional.of(why));
    }

    /** The lookup gave no usable answer, for {@code why}. */
    public static HttpsRecords unknown(String name, String source, String why) {
        return new HttpsRecords(name, source, Outcome.UNKNOWN, List.of(), Optional.of(why));
    }

    /** True when a ServiceMode record lists {@code h3}. */
    public boolean advertisesH3() {
        return records.stream().anyMatch(HttpsRecord::advertisesH3);
    }

    /** One line for people: the records, "none (NXDOMAIN)" or "unknown (why)". */
    public String describe() {
        return switch (outcome) {
            case RECORDS -> String.join("; ", records.stream().map(HttpsRecord::describe).toList());
            case NONE -> "none (" + reason.orElse("no HTTPS record") + ")";
            case UNKNOWN -> "unknown (" + reason.orElse("no answer") + ")";
        };
    }
}
