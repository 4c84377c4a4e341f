package dev.misdirect.lab;

/** How a lab origin decides that a request is misdirected (DESIGN.md §3), modelled on real servers. */
public enum RoutingRule {
    /** A tenant router (Caddy {@code strict_sni_host}, CDNs): Host must equal the connection's SNI. */
    TENANT_ROUTER,
    /** Apache mod_ssl (AH02032): the Host's vhost must be TLS compatible with the SNI's vhost. */
    APACHE_TLS_COMPATIBILITY,
    /** nginx: Host ≠ SNI is refused when the Host's server block verifies client certificates. */
    NGINX_CLIENT_VERIFY,
    /** An ingress node: answers any Host it has a vhost for, 421 for the others. */
    HOST_ROUTER,
    /**
     * A route table (Envoy, Istio): answers any Host it has a route (vhost) for and 404 "no route" for the others,
     * never 421 (envoyproxy/envoy#6767).
     */
    ROUTE_TABLE,
    /**
     * A default vhost (nginx {@code default_server}, Apache's first vhost): a Host no vhost serves is answered by the
     * connection's vhost (the SNI's, else the first) with that vhost's own site, 200.
     */
    DEFAULT_SITE
}
