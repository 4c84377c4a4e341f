package dev.misdirect.core.timeline;

import java.util.Optional;

/**
 * The server's side of one exchange, as its own log recorded it.
 *
 * @param origin     which origin/node answered (e.g. "tenant-router 127.0.0.11:8443")
 * @param clientPort the client's source port, which identifies the connection
 * @param sni        the SNI the server saw on that connection, empty when none
 * @param alpn       the negotiated protocol the server saw
 * @param authority  the {@code :authority} / Host the server saw
 * @param path       the request path
 * @param status     the status it answered
 * @param reason     why it answered that (for a 421: which rule refused)
 */
public record ServerView(String origin, int clientPort, Optional<String> sni, String alpn, String authority,
                         String path, int status, String reason) {
}
