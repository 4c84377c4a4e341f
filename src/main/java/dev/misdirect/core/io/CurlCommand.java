package dev.misdirect.core.io;

import dev.misdirect.core.model.Authority;

import java.util.List;
import java.util.Optional;

/**
 * A parsed curl command line.
 *
 * @param method         the request method ({@code -X}, else POST with data, HEAD with {@code -I}, else GET)
 * @param url            the URL as given
 * @param authority      the URL's authority with {@code --resolve}/{@code --connect-to} addresses as resolve
 *                       overrides and a {@code Host:} header as host override; its path is the URL's path and query
 * @param headers        {@code -H} headers in order (values of Authorization, Cookie and the like included: they stay
 *                       with this authority and are never written into the plan)
 * @param body           the request body from {@code -d}/{@code --data*}/{@code --json}, when any
 * @param resolve        {@code --resolve} entries as given
 * @param connectTo      {@code --connect-to} entries as given
 * @param caCert         {@code --cacert} file, when given
 * @param httpVersion    "http/1.1", "h2", "h2-prior-knowledge" or "h3" when forced
 * @param insecure       {@code -k}: certificate checks off
 * @param compressed     {@code --compressed}
 * @param unknownOptions options this parser does not know, in order; they were skipped, not fatal
 * @param notes          what the command asks for that a replay step cannot express
 */
public record CurlCommand(String method, String url, Authority authority, List<Header> headers, Optional<String> body,
                          List<String> resolve, List<String> connectTo, Optional<String> caCert,
                          Optional<String> httpVersion, boolean insecure, boolean compressed,
                          List<String> unknownOptions, List<String> notes) {

    public CurlCommand {
        headers = List.copyOf(headers);
        resolve = List.copyOf(resolve);
        connectTo = List.copyOf(connectTo);
        unknownOptions = List.copyOf(unknownOptions);
        notes = List.copyOf(notes);
    }

    /** One request header. */
    public record Header(String name, String value) {
    }

    /** The replay plan step: {@code GET https://host/path}, plus {@code @ADDR} when an address was pinned. */
    public String planStep() {
        return ImportSupport.planStep(method, url.replaceFirst("#.*$", ""), authority.resolve().stream().findFirst());
    }
}
