package dev.misdirect.ui.common;

import java.time.Instant;

/**
 * One request a lab origin served, as its log recorded it (a row of the Lab screen's server log).
 *
 * @param time       arrival
 * @param origin     the origin that answered, with its endpoint
 * @param clientPort the client's source port (identifies the connection)
 * @param sni        the connection's SNI, "-" when none
 * @param alpn       "h2" or "http/1.1"
 * @param authority  {@code :authority} / Host as received
 * @param path       path and query
 * @param status     status answered
 * @param reason     why (vhost chosen, rule that refused)
 */
public record ServedRow(Instant time, String origin, int clientPort, String sni, String alpn, String authority,
                        String path, int status, String reason) {
}
