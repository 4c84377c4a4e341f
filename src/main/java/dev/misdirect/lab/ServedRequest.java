package dev.misdirect.lab;

import dev.misdirect.core.timeline.ServerView;

import java.time.Instant;
import java.util.Optional;

/**
 * One request a lab origin served, as its own log recorded it.
 *
 * @param time       when the request arrived
 * @param origin     the origin/node that answered ({@code tenant-router})
 * @param endpoint   its address and port ({@code 127.0.0.1:40123})
 * @param clientPort the client's source port, which identifies the connection
 * @param sni        the connection's SNI, empty when none
 * @param alpn       "h2" or "http/1.1"
 * @param authority  the {@code :authority} / Host as received
 * @param path       path and query
 * @param status     the status answered
 * @param reason     why: which vhost answered or which rule refused
 * @param site       the host whose page was answered (for a proxy, the upstream's); empty when none was (a 421, no
 *                   route, a gateway error)
 */
public record ServedRequest(Instant time, String origin, String endpoint, int clientPort, Optional<String> sni,
                            String alpn, String authority, String path, int status, String reason,
                            Optional<String> site) {

    /**
     * True when the request was answered with something other than its own site and was not refused with 421:
     * another site's page, no route (404), a gateway error.
     */
    public boolean misrouted() {
        return status != 421 && !site.equals(Optional.of(Misdirection.hostOf(authority)));
    }

    /** The timeline's form of this entry. */
    public ServerView toServerView() {
        return new ServerView(origin + " " + endpoint, clientPort, sni, alpn, authority, path, status, reason, misrouted());
    }

    /** One log line: time, origin, connection, SNI, ALPN, authority, path, status, reason. */
    public String toLogLine() {
        return time + " " + origin + " " + endpoint + " conn=" + clientPort + " sni=" + sni.orElse("-") + " alpn="
                + alpn + " authority=" + authority + " " + path + " -> " + status + site.map(x -> " site=" + x).orElse("")
                + " (" + reason + ")";
    }
}
