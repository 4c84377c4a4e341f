package dev.misdirect.core.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One answer a verification recorded: what the server said to one request, reduced to what identifies it.
 *
 * @param sni        the SNI of the connection the request travelled on
 * @param authority  the {@code :authority} (Host) it carried
 * @param status     the status, 0 when there was no answer (see {@code error})
 * @param protocol   "h2" or "http/1.1", when an answer came
 * @param headers    the identifying headers that were present, by lower-case name ({@code server},
 *                   {@code content-type}, {@code location})
 * @param bodySha256 the SHA-256 of the body (lower-case hex), when one was read (not for HEAD)
 * @param bodyBytes  the body's length in bytes, -1 when none was read
 * @param localPort  the client's port of the connection (joins the answer to a server's log), -1 when unknown
 * @param micros     from sending the request to the end of the body, -1 when not measured
 * @param error      why there was no answer (a reset stream, a timeout, a failed handshake)
 */
public record PairAnswer(String sni, String authority, int status, Optional<String> protocol,
                         Map<String, String> headers, Optional<String> bodySha256, long bodyBytes, int localPort,
                         long micros, Optional<String> error) {
    /** The headers an answer is identified by (besides status and body), lower case. */
    public static final java.util.List<String> IDENTIFYING_HEADERS = java.util.List.of("server", "content-type", "location");

    public PairAnswer {
        Objects.requireNonNull(sni, "sni");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(protocol, "protocol");
        headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(error, "error");
    }

    /** An answer that never came. */
    public static PairAnswer failed(String sni, String authority, int localPort, String why) {
        return new PairAnswer(sni, authority, 0, Optional.empty(), Map.of(), Optional.empty(), -1, localPort, -1,
                Optional.of(why));
    }

    /** True when the server answered (any status). */
    public boolean answered() {
        return status > 0;
    }
}
