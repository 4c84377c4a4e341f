package dev.misdirect.core.model;

import dev.misdirect.core.timeline.ServerView;

import java.util.Optional;

/**
 * One attempt of a replay step: which connection it used and what came back.
 *
 * @param exchangeId   the exchange id on the timeline
 * @param connectionId the connection it travelled on
 * @param sni          the SNI of that connection (empty when none)
 * @param authority    the {@code :authority} / Host sent
 * @param status       the status received, 0 when none
 * @param hidden       a 421 the client retried without surfacing it
 * @param server       the server's view, when known (lab runs)
 */
public record AttemptRecord(int exchangeId, int connectionId, Optional<String> sni, String authority, int status,
                            boolean hidden, Optional<ServerView> server) {
}
