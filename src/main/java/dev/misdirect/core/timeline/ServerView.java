package dev.misdirect.core.timeline;

import java.util.List;
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
 * @param misrouted  true when the server answered with another site's page or with no route for the Host (not a
 *                   421): the request reached the wrong server and nothing retries it. Only a server that names the
 *                   site it answered with (the lab's origins) can tell; false for every other log
 */
public record ServerView(String origin, int clientPort, Optional<String> sni, String alpn, String authority,
                         String path, int status, String reason, boolean misrouted) {

    /** A server's view that cannot tell whether the request was misrouted (a real server's log). */
    public ServerView(String origin, int clientPort, Optional<String> sni, String alpn, String authority, String path,
                      int status, String reason) {
        this(origin, clientPort, sni, alpn, authority, path, status, reason, false);
    }

    /**
     * What a misrouted answer was, in words: "another site's page with 200" for a success, "404 from the wrong
     * backend" for any other status; empty when the request was not misrouted.
     */
    public Optional<String> misrouteText() {
        if (!misrouted) {
            return Optional.empty();
        }
        return Optional.of(status >= 200 && status < 300 ? "another site's page with " + status
                : status + " from the wrong backend");
    }

    /**
     * The misroutes of several answers in words, distinct kinds joined: "1 misrouted: 404 from the wrong backend";
     * empty when none was misrouted.
     */
    public static Optional<String> misrouteSummary(java.util.Collection<ServerView> views) {
        List<String> kinds = views.stream().flatMap(v -> v.misrouteText().stream()).distinct().toList();
        long n = views.stream().filter(ServerView::misrouted).count();
        return n == 0 ? Optional.empty() : Optional.of(n + " misrouted: " + String.join("; ", kinds));
    }
}
