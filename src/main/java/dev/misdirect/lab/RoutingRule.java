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
    HOST_ROUTER
}
