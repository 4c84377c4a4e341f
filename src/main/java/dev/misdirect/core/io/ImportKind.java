package dev.misdirect.core.io;

/** What kind of file an import read. */
public enum ImportKind {
    /** Chrome NetLog ({@code chrome://net-export} or {@code --log-net-log}). */
    NETLOG("Chrome NetLog"),
    /** HTTP Archive (Chrome, Firefox, Playwright). */
    HAR("HAR"),
    /** A Misdirect session document. */
    SESSION("Misdirect session"),
    /** A curl command line (DevTools "Copy as cURL", or typed). */
    CURL("curl command"),
    /** Apache httpd's error log; mod_ssl's SNI/Host lines (AH02031, AH02032, AH02033) and, with {@code LogLevel ssl:info}, more. */
    APACHE_ERROR_LOG("Apache error log"),
    /** nginx's error log at {@code info} level ("client attempted to request the server name different ..."). */
    NGINX_ERROR_LOG("nginx error log"),
    /** Caddy's JSON access log ({@code request.tls.server_name} beside {@code request.host}). */
    CADDY_LOG("Caddy JSON log"),
    /** An Envoy (or Istio) access log: the default text format, Istio's, or JSON with {@code requested_server_name}. */
    ENVOY_LOG("Envoy access log"),
    /** Traefik's log at debug level ("TLS options difference", {@code req.Host} and {@code req.TLS.ServerName}). */
    TRAEFIK_LOG("Traefik log");

    private final String label;

    ImportKind(String label) {
        this.label = label;
    }

    /** True for a server's log: the server's view of requests, to be joined to a client capture or replay. */
    public boolean serverLog() {
        return ordinal() >= APACHE_ERROR_LOG.ordinal();
    }

    /** How the kind is named to a person. */
    public String label() {
        return label;
    }
}
