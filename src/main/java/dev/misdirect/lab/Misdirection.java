package dev.misdirect.lab;

import dev.misdirect.core.names.HostPort;
import dev.misdirect.lab.Scenario.OriginSpec;
import dev.misdirect.lab.Scenario.VirtualHost;

import java.util.Locale;
import java.util.Optional;

/**
 * The 421 decision of a lab origin: given the SNI of the connection and the Host of the request, which vhost
 * answers, or why the request is misdirected. Pure; thread-safe.
 */
public final class Misdirection {
    private Misdirection() {
    }

    /**
     * The decision.
     *
     * @param status 200 when a vhost answers, 421 when misdirected, 404 when a route table has no route
     * @param reason one sentence naming the SNI and the Host
     * @param vhost  the vhost that answers (present when status is 200)
     * @param site   the host whose page is answered (present when status is 200): the Host, or for a default vhost
     *               that answers a Host it does not serve, the vhost's own first name
     */
    public record Decision(int status, String reason, Optional<VirtualHost> vhost, Optional<String> site) {
        /** True for 421. */
        public boolean misdirected() {
            return status == 421;
        }

        /** True when a vhost answers with a page (200). */
        public boolean answered() {
            return vhost.isPresent();
        }
    }

    /**
     * Decides per {@code origin}'s rule.
     *
     * @param sni       the server_name of the connection, empty when none was sent
     * @param authority the request's {@code :authority} / Host, with or without port
     */
    public static Decision decide(OriginSpec origin, Optional<String> sni, String authority) {
        String host = hostOf(authority);
        String sniText = sni.map(s -> "SNI " + s).orElse("no SNI");
        Optional<VirtualHost> hostVhost = origin.vhosts().stream().filter(v -> v.serves(host)).findFirst();
        VirtualHost sniVhost = sni.map(Misdirection::hostOf)
                .flatMap(s -> origin.vhosts().stream().filter(v -> v.serves(s)).findFirst())
                .orElse(origin.vhosts().get(0));
        if (hostVhost.isEmpty()) {
            return switch (origin.rule()) {
                case ROUTE_TABLE -> new Decision(404, origin.name() + " has no route for Host " + host + " (" + sniText
                        + "): 404 NR, the way Envoy answers a Host its filter chain has no route for.",
                        Optional.empty(), Optional.empty());
                case DEFAULT_SITE -> new Decision(200, origin.name() + " has no vhost for Host " + host + ", so its"
                        + " default vhost " + sniVhost.name() + " answered with its own site " + siteOf(sniVhost) + " ("
                        + sniText + ").", Optional.of(sniVhost), Optional.of(siteOf(sniVhost)));
                default -> misdirected(origin.name() + " has no vhost for Host " + host
                        + ", so it cannot answer it on this connection (" + sniText + ").");
            };
        }
        VirtualHost target = hostVhost.get();
        switch (origin.rule()) {
            case TENANT_ROUTER -> {
                if (sni.isEmpty()) {
                    return misdirected("No SNI was provided on this connection, so " + origin.name()
                            + " cannot tell whether Host " + host + " is the tenant it was opened for.");
                }
                if (!hostOf(sni.get()).equals(host)) {
                    return misdirected("This connection's SNI " + sni.get() + " selected tenant "
                            + firstLabel(sni.get()) + ", but Host " + host + " asks for tenant " + firstLabel(host)
                            + "; " + origin.name() + " serves only the SNI's tenant on a connection.");
                }
            }
            case APACHE_TLS_COMPATIBILITY -> {
                if (sniVhost != target && !sniVhost.tlsCompatibleWith(target)) {
                    return misdirected(sniText + " selected vhost " + sniVhost.name() + " (" + tls(sniVhost)
                            + ") but Host " + host + " selects vhost " + target.name() + " (" + tls(target)
                            + "), whose TLS settings differ (like Apache mod_ssl AH02032).");
                }
            }
            case NGINX_CLIENT_VERIFY -> {
                if (target.verifyClient() && !sni.map(Misdirection::hostOf).map(host::equals).orElse(false)) {
                    return misdirected("Host " + host + " differs from " + sniText + " and its vhost "
                            + target.name() + " verifies client certificates, which this connection's"
                            + " handshake did not ask for (like nginx ssl_verify_client).");
                }
            }
            case HOST_ROUTER, ROUTE_TABLE, DEFAULT_SITE -> {
                // any Host with a vhost here is answered
            }
        }
        return new Decision(200, "vhost " + target.name() + " of " + origin.name() + " answered Host " + host
                + " on a connection with " + sniText + ".", Optional.of(target), Optional.of(host));
    }

    /** The host part of an authority, lower-case, without port, brackets or trailing dot. */
    public static String hostOf(String authority) {
        String h = HostPort.hostOf(authority.trim());
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static Decision misdirected(String reason) {
        return new Decision(421, reason, Optional.empty(), Optional.empty());
    }

    /** The site a vhost answers with when it answers a Host it does not serve: its first name without a wildcard. */
    private static String siteOf(VirtualHost v) {
        String first = v.serverNames().get(0);
        return first.startsWith("*.") ? first.substring(2) : first;
    }

    private static String firstLabel(String host) {
        String h = hostOf(host);
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }

    private static String tls(VirtualHost v) {
        return "certificate " + v.certificate() + ", " + String.join("+", v.tlsProtocols())
                + (v.verifyClient() ? ", verifies client certificates" : "");
    }
}
