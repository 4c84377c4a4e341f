package dev.misdirect.core.session;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerification;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server software a verification's answers named in their {@code Server} header, and the fix in that software's
 * own terms. Only what the answers said: a pair whose answers carried no {@code Server} header gets the fix in general
 * words, never a guessed product.
 */
enum ServerSoftware {
    APACHE("Apache httpd",
            "answer names it does not serve with 421 from the address's first (default) vhost, or give the names"
                    + " certificates that do not cover each other",
            "Apache refuses (AH02032) when the SNI's vhost and the Host's vhost differ in their TLS settings: give both"
                    + " vhosts the same SSLProtocol, SSLCipherSuite, SSLVerifyClient and certificate so one connection"
                    + " serves both, or separate certificates so no client shares it"),
    NGINX("nginx",
            "add a default_server block on the address that answers `return 421;` for names no server_name lists,"
                    + " or give the names certificates that do not cover each other",
            "nginx refuses when the Host's server block differs from the SNI's in TLS settings (ssl_verify_client"
                    + " among them): give both server blocks the same settings so one connection serves both, or"
                    + " separate certificates so no client shares it"),
    CADDY("Caddy",
            "turn on `strict_sni_host` (the `servers` global option), which answers 421 when Host differs from the"
                    + " SNI, or give the names certificates that do not cover each other",
            "Caddy's `strict_sni_host` refuses a Host that differs from the SNI: that is its purpose; give the names"
                    + " separate certificates so no client shares the connection, or turn it off only where every"
                    + " name is served on every connection"),
    ENVOY("Envoy",
            "route by the request's :authority only within the filter chain its SNI chose, and answer 421 for the"
                    + " others, or give the names certificates that do not cover each other",
            "Envoy refuses a request whose :authority belongs to another filter chain than the SNI's: give the names"
                    + " one filter chain (one certificate, one TLS context), or separate certificates"),
    HAPROXY("HAProxy",
            "a proxy that routes by SNI alone sends the connection's every request to one backend: terminate TLS and"
                    + " route by Host, or compare the Host with the SNI (ssl_fc_sni) and answer 421 when they differ",
            "HAProxy is answering 421 for a Host that differs from the SNI: give the names separate certificates so"
                    + " no client shares the connection, or route them by Host on one connection");

    private final String product;
    private final String misroutedFix;
    private final String refusedFix;

    ServerSoftware(String product, String misroutedFix, String refusedFix) {
        this.product = product;
        this.misroutedFix = misroutedFix;
        this.refusedFix = refusedFix;
    }

    /** The software the pair's answers named (the carried answer's {@code Server} header first), when known. */
    static Optional<Seen> of(PairVerification p) {
        return Stream.concat(p.carried().stream(), p.own().stream())
                .map(PairAnswer::headers)
                .map(h -> h.get("server"))
                .filter(s -> s != null && !s.isBlank())
                .findFirst()
                .flatMap(header -> recognise(header).map(sw -> new Seen(sw, header.strip())));
    }

    /** The product a {@code Server} header names; empty for one this class has no fix for. */
    static Optional<ServerSoftware> recognise(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.startsWith("apache")) {
            return Optional.of(APACHE);
        }
        if (h.startsWith("nginx") || h.startsWith("openresty")) {
            return Optional.of(NGINX);
        }
        if (h.startsWith("caddy")) {
            return Optional.of(CADDY);
        }
        if (h.startsWith("envoy") || h.startsWith("istio-envoy")) {
            return Optional.of(ENVOY);
        }
        if (h.startsWith("haproxy")) {
            return Optional.of(HAPROXY);
        }
        return Optional.empty();
    }

    /** Software seen, with the header it was read from. */
    record Seen(ServerSoftware software, String header) {
        /** The fix for a misrouted pair, in this software's terms, naming where it was read. */
        String misroutedFix() {
            return prefix() + software.misroutedFix + ".";
        }

        /** The fix for a pair refused with 421, in this software's terms, naming where it was read. */
        String refusedFix() {
            return prefix() + software.refusedFix + ".";
        }

        private String prefix() {
            return "The answers came from " + software.product + " (Server: " + header + "): ";
        }
    }
}
