package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ordered pair verified: B's request sent on a connection opened for A at one address, against B's own
 * connection to the same address.
 *
 * @param carrier     key of A, the authority whose connection carried the request ({@code a.example:443})
 * @param passenger   key of B, the authority whose request it was
 * @param address     the address both connections went to
 * @param verdict     what the comparison says
 * @param reason      the verdict in one or two sentences, naming both authorities
 * @param carried     B's request on A's connection, when it was sent
 * @param own         B's requests on its own connection (two, to learn what varies), when they were sent
 * @param differences what differed between the carried answer and B's own (only what was stable on B's own
 *                    connection is compared): "status 404 instead of 200", "body (another page)"
 * @param coalescedBy ids of the client policies that would put B on A's connection by themselves
 *                    ({@code chromium-h2}, {@code okhttp}, {@code ip-keyed}); others only through a proxy or pool
 */
public record PairVerification(String carrier, String passenger, String address, PairVerdict verdict, String reason,
                               Optional<PairAnswer> carried, List<PairAnswer> own, List<String> differences,
                               List<String> coalescedBy) {
    public PairVerification {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(passenger, "passenger");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(carried, "carried");
        own = List.copyOf(own);
        differences = List.copyOf(differences);
        coalescedBy = List.copyOf(coalescedBy);
    }
}
