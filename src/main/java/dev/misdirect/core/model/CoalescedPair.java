package dev.misdirect.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A pair a capture shows coalesced and answered: requests for {@code passenger} that travelled on a connection
 * opened for {@code carrier} (its SNI) and got an answer other than 421. A capture cannot tell whether that answer
 * was the passenger's own page or another site's; {@code verify} can.
 *
 * @param carrier   key of the authority whose connection carried the requests ({@code a.example:443})
 * @param passenger key of the authority the requests were for
 * @param statuses  the status of each such request, in capture order
 */
public record CoalescedPair(String carrier, String passenger, List<Integer> statuses) {
    public CoalescedPair {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(passenger, "passenger");
        statuses = List.copyOf(statuses);
    }
}
