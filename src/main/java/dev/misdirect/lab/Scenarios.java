package dev.misdirect.lab;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.lab.Diagram.Arrow;
import dev.misdirect.lab.Diagram.Box;
import dev.misdirect.lab.Diagram.Kind;
import dev.misdirect.lab.Diagram.Outcome;
import dev.misdirect.lab.Scenario.CertificateSpec;
import dev.misdirect.lab.Scenario.Demo;
import dev.misdirect.lab.Scenario.Expectation;
import dev.misdirect.lab.Scenario.OriginSpec;
import dev.misdirect.lab.Scenario.PoolKey;
import dev.misdirect.lab.Scenario.ProxySpec;
import dev.misdirect.lab.Scenario.Role;
import dev.misdirect.lab.Scenario.Variant;
import dev.misdirect.lab.Scenario.VirtualHost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static dev.misdirect.lab.Scenario.PORT;

/** The lab's scenarios, one per production cause of 421 plus a healthy control. Pure data. */
public final class Scenarios {
    private static final List<String> TLS12_13 = List.of("TLSv1.2", "TLSv1.3");
    private static final List<String> TLS13 = List.of("TLSv1.3");
    private static final ConnectionPolicy ISOLATED = ConnectionPolicy.ISOLATED;
    private static final ConnectionPolicy COALESCING = ConnectionPolicy.COALESCING;
    private static final ConnectionPolicy IP_KEYED = ConnectionPolicy.IP_KEYED;

    private static final List<Scenario> ALL = List.of(tenantsWildcard(), vhostTlsMismatch(), ingressMissingSan(),
            ipKeyedProxy(), vhostClientAuth(), sniPassthrough(), defaultVhost(), proxyWithoutSni(),
            healthySeparateIps());

    private Scenarios() {
    }

    /** Every scenario, in teaching order. */
    public static List<Scenario> all() {
        return ALL;
    }

    /** The ids of every scenario. */
    public static List<String> ids() {
        return ALL.stream().map(Scenario::id).toList();
    }

    /** The scenario with this id, if any. */
    public static Optional<Scenario> find(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The scenario with this id.
     *
     * @throws NoSuchElementException naming the id and listing the known ones
     */
    public static Scenario byId(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("unknown lab scenario '" + id
                + "'; known: " + String.join(", ", ids())));
    }

    // --- tenants-wildcard -------------------------------------------------------------------------------

    private static Scenario tenantsWildcard() {
        String a = "a.tenants.lab.test";
        String b = "b.tenants.lab.test";
        Variant broken = new Variant(
                List.of(new CertificateSpec("tenants-wildcard", List.of("*.tenants.lab.test"))),
                List.of(origin("tenant-router", Role.ORIGIN, "127.0.0.1", RoutingRule.TENANT_ROUTER,
                        vhost("tenants", "tenants-wildcard", "*.tenants.lab.test"))),
                names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1")),
                plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200),
                                "One connection per authority: every request's Host equals its connection's SNI."),
                        new Expectation(COALESCING, 1, List.of(200, 421, 200),
                                "b resolves to a's IP and the wildcard certificate covers b, so b's request rides a's"
                                        + " connection; the router sees SNI a with Host b and answers 421."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200),
                                "The pool reuses a's connection for b because the IP and port match.")),
                List.of(new Demo("a coalesced request: SNI a, Host b", a, b, "127.0.0.1", 421),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                coalescedDiagram("tenant-router", "127.0.0.1 · *.tenants.lab.test", a, b, Kind.ORIGIN, Outcome.MISDIRECTED));
        Variant fixed = new Variant(
                List.of(new CertificateSpec("tenant-a", List.of(a)), new CertificateSpec("tenant-b", List.of(b))),
                List.of(origin("router-a", Role.ORIGIN, "127.0.0.11", RoutingRule.TENANT_ROUTER, vhost("a", "tenant-a", a)),
                        origin("router-b", Role.ORIGIN, "127.0.0.12", RoutingRule.TENANT_ROUTER, vhost("b", "tenant-b", b))),
                names(a, List.of("127.0.0.11"), b, List.of("127.0.0.12")),
                plan(a, b, a),
                allOk("Each tenant has its own IP and certificate, so no client can coalesce them."),
                List.of(new Demo("a on its own connection", a, a, "127.0.0.11", 200),
                        new Demo("b on its own connection", b, b, "127.0.0.12", 200)),
                separateDiagram("router-a", "127.0.0.11 · cert " + a, "router-b", "127.0.0.12 · cert " + b, a, b));
        return new Scenario("tenants-wildcard", "Wildcard certificate shared by tenants whose router refuses cross-tenant requests",
                "Tenants a and b share one IP and a *.tenants.lab.test certificate. An HTTP/2 client that opened a"
                        + " connection for a may reuse it for b (RFC 9113 §9.1.1). The tenant router picks the tenant by"
                        + " SNI, so b's request on a's connection is misdirected: 421.",
                "Give each tenant its own IP and certificate (or keep client pools per authority).", broken, fixed);
    }

    // --- vhost-tls-mismatch ------------------------------------------------------------------------------

    private static Scenario vhostTlsMismatch() {
        String a = "a.vhost.lab.test";
        String b = "b.vhost.lab.test";
        CertificateSpec shared = new CertificateSpec("vhost-shared", List.of(a, b));
        Variant broken = new Variant(List.of(shared),
                List.of(origin("apache", Role.ORIGIN, "127.0.0.1", RoutingRule.APACHE_TLS_COMPATIBILITY,
                        new VirtualHost("a", List.of(a), "vhost-shared", TLS12_13, false),
                        new VirtualHost("b", List.of(b), "vhost-shared", TLS13, false))),
                names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1")),
                plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200),
                                "Each request arrives on a connection whose SNI selected its own vhost."),
                        new Expectation(COALESCING, 1, List.of(200, 421, 200),
                                "The certificate covers b, so b's request rides a's connection; vhost b accepts only"
                                        + " TLS 1.3 while vhost a also accepts TLS 1.2, so Apache refuses it (AH02032)."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200),
                                "The pool reuses a's connection for b; Apache refuses as for coalescing.")),
                List.of(new Demo("a coalesced request: SNI a, Host b", a, b, "127.0.0.1", 421),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                coalescedDiagram("apache", "127.0.0.1 · cert a+b · vhost b TLSv1.3 only", a, b, Kind.ORIGIN, Outcome.MISDIRECTED));
        Variant fixed = new Variant(List.of(shared),
                List.of(origin("apache", Role.ORIGIN, "127.0.0.1", RoutingRule.APACHE_TLS_COMPATIBILITY,
                        new VirtualHost("a", List.of(a), "vhost-shared", TLS12_13, false),
                        new VirtualHost("b", List.of(b), "vhost-shared", TLS12_13, false))),
                names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1")),
                plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200), "No sharing, no conflict."),
                        new Expectation(COALESCING, 0, List.of(200, 200, 200),
                                "b still rides a's connection, but both vhosts have identical TLS settings, so Apache"
                                        + " answers it."),
                        new Expectation(IP_KEYED, 0, List.of(200, 200, 200), "As for coalescing.")),
                List.of(new Demo("a coalesced request: SNI a, Host b", a, b, "127.0.0.1", 200),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                coalescedDiagram("apache", "127.0.0.1 · cert a+b · same TLS settings", a, b, Kind.ORIGIN, Outcome.OK));
        return new Scenario("vhost-tls-mismatch", "Multi-SAN certificate, vhosts with different TLS settings (Apache)",
                "One certificate covers a and b on one IP, but vhost b declares different TLS settings (TLS 1.3 only)."
                        + " Apache mod_ssl refuses a request whose Host selects a vhost that is not TLS compatible with"
                        + " the vhost the SNI selected, so a coalesced request for b gets 421 (AH02032).",
                "Give both vhosts identical TLS settings, or separate certificates and IPs.", broken, fixed);
    }

    // --- ingress-missing-san -----------------------------------------------------------------------------

    private static Scenario ingressMissingSan() {
        String a = "a.ingress.lab.test";
        String b = "b.ingress.lab.test";
        List<String> both = List.of("127.0.0.11", "127.0.0.12");
        CertificateSpec full = new CertificateSpec("ingress-full", List.of(a, b));
        String plan = "GET https://" + a + ":" + PORT + "/ @127.0.0.12 ; GET https://" + b + ":" + PORT
                + "/ @127.0.0.12 ; GET https://" + b + ":" + PORT + "/ @127.0.0.11";
        OriginSpec node1 = origin("node-1", Role.NODE, "127.0.0.11", RoutingRule.HOST_ROUTER,
                vhost("a", "ingress-full", a), vhost("b", "ingress-full", b));
        Variant broken = new Variant(List.of(full, new CertificateSpec("ingress-partial", List.of(a))),
                List.of(node1, origin("node-2", Role.NODE, "127.0.0.12", RoutingRule.HOST_ROUTER,
                        vhost("a", "ingress-partial", a))),
                names(a, both, b, both),
                plan,
                List.of(new Expectation(ISOLATED, 0, List.of(200, 0, 200),
                                "b's own connection to node 2 fails: node 2's certificate lacks b.ingress.lab.test."),
                        new Expectation(COALESCING, 0, List.of(200, 0, 200),
                                "a's connection to node 2 does not cover b, so the client opens a new one, whose"
                                        + " certificate lacks b: a name mismatch."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200),
                                "The pool reuses a's connection to node 2 for b; node 2 has no vhost for b: 421.")),
                List.of(new Demo("b on node 2: its certificate lacks b", b, b, "127.0.0.12", 0),
                        new Demo("a's connection to node 2 reused for b", a, b, "127.0.0.12", 421),
                        new Demo("b on node 1", b, b, "127.0.0.11", 200)),
                new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "a, b → 127.0.0.11, 127.0.0.12", 0),
                        new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a + " → node 2", 1),
                        new Box("c2", Kind.CONNECTION, "connection 2", "SNI " + b + " → node 2", 1),
                        new Box("n1", Kind.NODE, "node-1", "127.0.0.11 · cert a+b", 2),
                        new Box("n2", Kind.NODE, "node-2", "127.0.0.12 · cert a only", 2)),
                        List.of(arrow("client", "c1", null, a, Outcome.OK),
                                arrow("client", "c1", null, b, Outcome.MISDIRECTED),
                                arrow("c1", "n2", a, null, Outcome.OK),
                                arrow("client", "c2", null, b, Outcome.NAME_MISMATCH),
                                arrow("c2", "n2", b, null, Outcome.NAME_MISMATCH))));
        Variant fixed = new Variant(List.of(full),
                List.of(node1, origin("node-2", Role.NODE, "127.0.0.12", RoutingRule.HOST_ROUTER,
                        vhost("a", "ingress-full", a), vhost("b", "ingress-full", b))),
                names(a, both, b, both),
                plan,
                allOk("Both nodes serve both names with the same certificate."),
                List.of(new Demo("b on node 2", b, b, "127.0.0.12", 200),
                        new Demo("a's connection to node 2 reused for b", a, b, "127.0.0.12", 200),
                        new Demo("b on node 1", b, b, "127.0.0.11", 200)),
                new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "a, b → 127.0.0.11, 127.0.0.12", 0),
                        new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a + " → node 2", 1),
                        new Box("n1", Kind.NODE, "node-1", "127.0.0.11 · cert a+b", 2),
                        new Box("n2", Kind.NODE, "node-2", "127.0.0.12 · cert a+b", 2)),
                        List.of(arrow("client", "c1", null, a, Outcome.OK),
                                arrow("client", "c1", null, b, Outcome.OK),
                                arrow("c1", "n2", a, null, Outcome.OK))));
        return new Scenario("ingress-missing-san", "Ingress node whose certificate lacks one name",
                "Two ingress nodes answer for a and b, but node 2 was deployed with a certificate and vhost map that"
                        + " lack b. A client that reaches node 2 for b fails the name check; a pool that reuses a"
                        + " connection to node 2 for b gets 421 from a node that has no vhost for it.",
                "Deploy the same certificate and vhost map on every node (check SAN coverage per node).", broken, fixed);
    }

    // --- ip-keyed-proxy ----------------------------------------------------------------------------------

    private static Scenario ipKeyedProxy() {
        String a = "a.proxy.lab.test";
        String b = "b.proxy.lab.test";
        List<CertificateSpec> certs = List.of(new CertificateSpec("proxy-front", List.of(a, b)),
                new CertificateSpec("proxy-upstream", List.of("*.proxy.lab.test")));
        OriginSpec upstream = origin("upstream", Role.UPSTREAM, "127.0.0.21", RoutingRule.TENANT_ROUTER,
                vhost("tenants", "proxy-upstream", "*.proxy.lab.test"));
        Map<String, List<String>> names = names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1"));
        List<Demo> demos = List.of(new Demo("a: opens the proxy's upstream connection with SNI a", a, a, "127.0.0.1", 200),
                new Demo("b: the proxy sends it upstream on a's connection", b, b, "127.0.0.1", 421));
        Variant broken = new Variant(certs,
                List.of(upstream, proxy(PoolKey.IP_AND_PORT, a, b)),
                names, plan(a, b, a),
                List.of(new Expectation(ISOLATED, 1, List.of(200, 421, 200),
                                "The client keeps a and b apart, but the proxy sends b upstream on the connection it"
                                        + " opened for a; the upstream's 421 reaches a client that did nothing wrong."),
                        new Expectation(COALESCING, 1, List.of(200, 421, 200), "As for isolated: the proxy decides."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200), "As for isolated: the proxy decides.")),
                demos,
                proxyDiagram(a, b, "pool keyed by IP:port", Outcome.MISDIRECTED));
        Variant fixed = new Variant(certs,
                List.of(upstream, proxy(PoolKey.AUTHORITY, a, b)),
                names, plan(a, b, a),
                allOk("The proxy opens one upstream connection per authority, with that authority's SNI."),
                List.of(demos.get(0), new Demo("b: the proxy opens an upstream connection with SNI b", b, b, "127.0.0.1", 200)),
                proxyDiagram(a, b, "pool keyed by authority", Outcome.OK));
        return new Scenario("ip-keyed-proxy", "Reverse proxy whose upstream pool is keyed by IP only",
                "A reverse proxy forwards a and b to an upstream tenant router on one IP and keys its upstream"
                        + " connections by IP and port only. Tenant b's request goes upstream on the connection opened"
                        + " with SNI a, and the upstream's 421 reaches the client, whatever its own policy.",
                "Key the proxy's upstream pool by authority (host, port and SNI), not by IP.", broken, fixed);
    }

    private static OriginSpec proxy(PoolKey key, String a, String b) {
        return new OriginSpec("proxy", Role.PROXY, "127.0.0.1", RoutingRule.HOST_ROUTER,
                List.of(vhost("a", "proxy-front", a), vhost("b", "proxy-front", b)),
                Optional.of(new ProxySpec("upstream", key)));
    }

    // --- vhost-client-auth -------------------------------------------------------------------------------

    private static Scenario vhostClientAuth() {
        String a = "a.nginx.lab.test";
        String b = "b.nginx.lab.test";
        Variant broken = new Variant(List.of(new CertificateSpec("nginx-shared", List.of(a, b))),
                List.of(origin("nginx", Role.ORIGIN, "127.0.0.1", RoutingRule.NGINX_CLIENT_VERIFY,
                        new VirtualHost("a", List.of(a), "nginx-shared", TLS12_13, false),
                        new VirtualHost("b", List.of(b), "nginx-shared", TLS12_13, true))),
                names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1")),
                plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200), "Host always equals SNI."),
                        new Expectation(COALESCING, 1, List.of(200, 421, 200),
                                "The certificate covers b, so b rides a's connection; b's server block verifies"
                                        + " client certificates, so nginx answers 421."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200), "As for coalescing.")),
                List.of(new Demo("a coalesced request: SNI a, Host b", a, b, "127.0.0.1", 421),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                coalescedDiagram("nginx", "127.0.0.1 · cert a+b · b verifies client certs", a, b, Kind.ORIGIN, Outcome.MISDIRECTED));
        Variant fixed = new Variant(
                List.of(new CertificateSpec("nginx-a", List.of(a)), new CertificateSpec("nginx-b", List.of(b))),
                List.of(origin("nginx", Role.ORIGIN, "127.0.0.1", RoutingRule.NGINX_CLIENT_VERIFY,
                        new VirtualHost("a", List.of(a), "nginx-a", TLS12_13, false),
                        new VirtualHost("b", List.of(b), "nginx-b", TLS12_13, true))),
                names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1")),
                plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200), "Host always equals SNI."),
                        new Expectation(COALESCING, 0, List.of(200, 200, 200),
                                "a's certificate no longer covers b, so clients open a connection for b."),
                        new Expectation(IP_KEYED, 1, List.of(200, 421, 200),
                                "A pool keyed by IP ignores certificates: it still sends b on a's connection.")),
                List.of(new Demo("a coalesced request: SNI a, Host b", a, b, "127.0.0.1", 421),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                separateDiagram("nginx vhost a", "127.0.0.1 · cert a", "nginx vhost b", "127.0.0.1 · cert b", a, b));
        return new Scenario("vhost-client-auth", "Multi-SAN certificate, one vhost verifies client certificates (nginx)",
                "One certificate covers a and b, and b's server block verifies client certificates"
                        + " (ssl_verify_client optional). nginx refuses a request whose Host differs from the SNI when"
                        + " the Host's server block verifies clients, so a coalesced request for b gets 421.",
                "Give the client-verifying vhost its own certificate so clients never coalesce onto it.", broken, fixed);
    }

    // --- sni-passthrough ---------------------------------------------------------------------------------

    private static Scenario sniPassthrough() {
        String a = "a.passthrough.lab.test";
        String b = "b.passthrough.lab.test";
        Map<String, List<String>> names = names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1"));
        List<Scenario.PassthroughSpec> front = List.of(new Scenario.PassthroughSpec("sni-proxy", "127.0.0.1",
                Map.of(a, "backend-a", b, "backend-b"), "backend-a"));
        CertificateSpec shared = new CertificateSpec("passthrough-shared", List.of(a, b));
        Variant broken = new Variant(List.of(shared),
                List.of(origin("backend-a", Role.UPSTREAM, "127.0.0.31", RoutingRule.ROUTE_TABLE,
                                vhost("a", "passthrough-shared", a)),
                        origin("backend-b", Role.UPSTREAM, "127.0.0.32", RoutingRule.ROUTE_TABLE,
                                vhost("b", "passthrough-shared", b))),
                names, plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200),
                                "Each connection's SNI takes it to its own backend."),
                        new Expectation(COALESCING, 0, 1, List.of(200, 404, 200),
                                "The shared certificate covers b, so b's request rides a's connection, which the proxy"
                                        + " spliced to a's backend by its SNI; that backend has no route for b: 404."
                                        + " No 421, so no client retries it."),
                        new Expectation(IP_KEYED, 0, 1, List.of(200, 404, 200), "As for coalescing.")),
                List.of(new Demo("a coalesced request: SNI a, Host b reaches a's backend", a, b, "127.0.0.1", 404),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                passthroughDiagram("sni-proxy", "127.0.0.1 · routes by SNI", "backend-a", "127.0.0.31 · route a only",
                        "backend-b", "127.0.0.32 · route b only", a, b, Outcome.MISROUTED), front);
        Variant fixed = new Variant(
                List.of(new CertificateSpec("passthrough-a", List.of(a)), new CertificateSpec("passthrough-b", List.of(b))),
                List.of(origin("backend-a", Role.UPSTREAM, "127.0.0.31", RoutingRule.ROUTE_TABLE,
                                vhost("a", "passthrough-a", a)),
                        origin("backend-b", Role.UPSTREAM, "127.0.0.32", RoutingRule.ROUTE_TABLE,
                                vhost("b", "passthrough-b", b))),
                names, plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200), "Each connection's SNI takes it to its"
                                + " own backend."),
                        new Expectation(COALESCING, 0, List.of(200, 200, 200),
                                "a's certificate no longer covers b, so clients open a connection for b."),
                        new Expectation(IP_KEYED, 0, 1, List.of(200, 404, 200),
                                "A pool keyed by IP ignores certificates: it still sends b on a's connection, to a's"
                                        + " backend.")),
                List.of(new Demo("forced mismatch: SNI a, Host b (no client coalesces them now)", a, b, "127.0.0.1", 404),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                passthroughDiagram("sni-proxy", "127.0.0.1 · routes by SNI", "backend-a", "127.0.0.31 · cert a",
                        "backend-b", "127.0.0.32 · cert b", a, b, Outcome.OK), front);
        return new Scenario("sni-passthrough", "TLS passthrough proxy routing by SNI to backends sharing one certificate",
                "A TLS passthrough proxy (HAProxy in TCP mode, an SNI-routing ingress) sends each connection to a"
                        + " backend chosen by its SNI, and both backends serve one certificate covering a and b. A"
                        + " client reuses a's connection for b; the proxy never sees that request, so a's backend"
                        + " gets it and, like Envoy, answers 404 for a Host it has no route for. No 421: nothing"
                        + " retries it.",
                "Give each backend a certificate for its own names only, so no client coalesces them (or route by"
                        + " Host, not SNI).", broken, fixed);
    }

    // --- default-vhost -----------------------------------------------------------------------------------

    private static Scenario defaultVhost() {
        String a = "a.default.lab.test";
        String b = "b.default.lab.test";
        Map<String, List<String>> names = names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1"));
        List<CertificateSpec> certs = List.of(new CertificateSpec("default-wildcard", List.of("*.default.lab.test")));
        List<Scenario.PassthroughSpec> front = List.of(new Scenario.PassthroughSpec("tcp-router", "127.0.0.1",
                Map.of(a, "site-a", b, "site-b"), "site-a"));
        Variant broken = new Variant(certs,
                List.of(origin("site-a", Role.UPSTREAM, "127.0.0.33", RoutingRule.DEFAULT_SITE,
                                vhost("a", "default-wildcard", a)),
                        origin("site-b", Role.UPSTREAM, "127.0.0.34", RoutingRule.DEFAULT_SITE,
                                vhost("b", "default-wildcard", b))),
                names, plan(a, b, a),
                List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200),
                                "Each connection's SNI takes it to the server of its own site."),
                        new Expectation(COALESCING, 0, 1, List.of(200, 200, 200),
                                "The wildcard certificate covers b, so b's request rides a's connection to a's server,"
                                        + " whose default vhost answers any Host with a's site: 200, the wrong page."),
                        new Expectation(IP_KEYED, 0, 1, List.of(200, 200, 200), "As for coalescing.")),
                List.of(new Demo("a coalesced request: SNI a, Host b gets a's page", a, b, "127.0.0.1", 200),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                passthroughDiagram("tcp-router", "127.0.0.1 · routes by SNI", "site-a", "127.0.0.33 · default vhost a",
                        "site-b", "127.0.0.34 · default vhost b", a, b, Outcome.MISROUTED), front);
        Variant fixed = new Variant(certs,
                List.of(origin("site-a", Role.UPSTREAM, "127.0.0.33", RoutingRule.DEFAULT_SITE,
                                vhost("a", "default-wildcard", a), vhost("b", "default-wildcard", b)),
                        origin("site-b", Role.UPSTREAM, "127.0.0.34", RoutingRule.DEFAULT_SITE,
                                vhost("b", "default-wildcard", b), vhost("a", "default-wildcard", a))),
                names, plan(a, b, a),
                allOk("Every server has a vhost for both sites, so whichever server a connection reaches answers each"
                        + " Host with its own site."),
                List.of(new Demo("a coalesced request: SNI a, Host b gets b's page", a, b, "127.0.0.1", 200),
                        new Demo("b on its own connection", b, b, "127.0.0.1", 200)),
                passthroughDiagram("tcp-router", "127.0.0.1 · routes by SNI", "site-a", "127.0.0.33 · vhosts a, b",
                        "site-b", "127.0.0.34 · vhosts b, a", a, b, Outcome.OK), front);
        return new Scenario("default-vhost", "Default vhost that answers any other Host with its own site",
                "A TCP router sends each connection by SNI to the server of its site, and each server has a default"
                        + " vhost (nginx default_server) that answers any Host it does not know with its own site. A"
                        + " client reuses a's connection (the wildcard certificate covers b) for b and gets a's page"
                        + " with 200: no error to see, no 421 to retry.",
                "Serve every name on every server behind the router (or make the default vhost refuse unknown Hosts"
                        + " with 421).", broken, fixed);
    }

    // --- proxy-without-sni -------------------------------------------------------------------------------

    private static Scenario proxyWithoutSni() {
        String a = "a.nosni.lab.test";
        String b = "b.nosni.lab.test";
        Map<String, List<String>> names = names(a, List.of("127.0.0.1"), b, List.of("127.0.0.1"));
        List<CertificateSpec> certs = List.of(new CertificateSpec("nosni-front", List.of(a, b)),
                new CertificateSpec("nosni-origin", List.of("*.nosni.lab.test")));
        OriginSpec strict = origin("origin", Role.UPSTREAM, "127.0.0.22", RoutingRule.TENANT_ROUTER,
                vhost("tenants", "nosni-origin", "*.nosni.lab.test"));
        Variant broken = new Variant(certs,
                List.of(strict, proxyTo("origin", new ProxySpec("origin", PoolKey.AUTHORITY, false), "nosni-front", a, b)),
                names, plan(a, b, a),
                List.of(new Expectation(ISOLATED, 3, List.of(421, 421, 421),
                                "The proxy connects upstream without SNI; the strict origin cannot tell which tenant"
                                        + " a connection is for and refuses every request: no SNI was provided."),
                        new Expectation(COALESCING, 3, List.of(421, 421, 421), "As for isolated: the proxy decides."),
                        new Expectation(IP_KEYED, 3, List.of(421, 421, 421), "As for isolated: the proxy decides.")),
                List.of(new Demo("a: the proxy connects upstream without SNI", a, a, "127.0.0.1", 421),
                        new Demo("b: the same", b, b, "127.0.0.1", 421)),
                noSniDiagram(a, b, "upstream connection without SNI", Outcome.MISDIRECTED));
        Variant fixed = new Variant(certs,
                List.of(strict, proxyTo("origin", new ProxySpec("origin", PoolKey.AUTHORITY, true), "nosni-front", a, b)),
                names, plan(a, b, a),
                allOk("The proxy sends each authority's name as SNI upstream (proxy_ssl_server_name on)."),
                List.of(new Demo("a: the proxy sends SNI a upstream", a, a, "127.0.0.1", 200),
                        new Demo("b: the proxy sends SNI b upstream", b, b, "127.0.0.1", 200)),
                noSniDiagram(a, b, "upstream connection with the authority's SNI", Outcome.OK));
        return new Scenario("proxy-without-sni", "Reverse proxy that connects to a strict origin without SNI",
                "A reverse proxy forwards a and b over TLS to an origin that serves tenants by SNI and refuses a"
                        + " connection that names none. The proxy sends no SNI upstream (nginx's"
                        + " proxy_ssl_server_name is off by default), so the origin answers every request 421: no"
                        + " SNI was provided. Every client sees it, whatever its own connections do.",
                "Make the proxy send the authority's name as SNI upstream (nginx: proxy_ssl_server_name on).",
                broken, fixed);
    }

    private static OriginSpec proxyTo(String upstream, ProxySpec spec, String certificate, String a, String b) {
        return new OriginSpec("proxy", Role.PROXY, "127.0.0.1", RoutingRule.HOST_ROUTER,
                List.of(vhost("a", certificate, a), vhost("b", certificate, b)), Optional.of(spec));
    }

    // --- healthy-separate-ips ----------------------------------------------------------------------------

    private static Scenario healthySeparateIps() {
        String a = "a.healthy.lab.test";
        String b = "b.healthy.lab.test";
        Variant v = new Variant(
                List.of(new CertificateSpec("healthy-a", List.of(a)), new CertificateSpec("healthy-b", List.of(b))),
                List.of(origin("origin-a", Role.ORIGIN, "127.0.0.11", RoutingRule.TENANT_ROUTER, vhost("a", "healthy-a", a)),
                        origin("origin-b", Role.ORIGIN, "127.0.0.12", RoutingRule.TENANT_ROUTER, vhost("b", "healthy-b", b))),
                names(a, List.of("127.0.0.11"), b, List.of("127.0.0.12")),
                plan(a, b, a),
                allOk("a and b differ in IP and certificate, so no pool shares a connection between them."),
                List.of(new Demo("a on its own connection", a, a, "127.0.0.11", 200),
                        new Demo("b on its own connection", b, b, "127.0.0.12", 200),
                        new Demo("forced mismatch: SNI a, Host b (no client sends this here)", a, b, "127.0.0.11", 421)),
                separateDiagram("origin-a", "127.0.0.11 · cert " + a, "origin-b", "127.0.0.12 · cert " + b, a, b));
        return new Scenario("healthy-separate-ips", "Control: tenants on separate IPs with their own certificates",
                "The same tenant router as tenants-wildcard, but each tenant has its own IP and certificate. No"
                        + " client or pool coalesces them, so nothing is misdirected.",
                "Nothing to fix: the fixed variant is identical.", v, v);
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static OriginSpec origin(String name, Role role, String address, RoutingRule rule, VirtualHost... vhosts) {
        return new OriginSpec(name, role, address, rule, List.of(vhosts), Optional.empty());
    }

    private static VirtualHost vhost(String name, String certificate, String... serverNames) {
        return new VirtualHost(name, List.of(serverNames), certificate, TLS12_13, false);
    }

    private static Map<String, List<String>> names(String a, List<String> aAddresses, String b, List<String> bAddresses) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(a, aAddresses);
        m.put(b, bAddresses);
        return m;
    }

    private static String plan(String... hosts) {
        StringBuilder sb = new StringBuilder();
        for (String h : hosts) {
            sb.append(sb.length() > 0 ? " ; " : "").append("GET https://").append(h).append(':').append(PORT).append('/');
        }
        return sb.toString();
    }

    private static List<Expectation> allOk(String why) {
        return List.of(new Expectation(ISOLATED, 0, List.of(200, 200, 200), why),
                new Expectation(COALESCING, 0, List.of(200, 200, 200), why),
                new Expectation(IP_KEYED, 0, List.of(200, 200, 200), why));
    }

    private static Arrow arrow(String from, String to, String sni, String authority, Outcome outcome) {
        return new Arrow(from, to, Optional.ofNullable(sni), Optional.ofNullable(authority), outcome);
    }

    private static Diagram coalescedDiagram(String origin, String detail, String a, String b, Kind kind, Outcome second) {
        return new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "requests a, b, a", 0),
                new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a, 1),
                new Box("origin", kind, origin, detail, 2)),
                List.of(arrow("client", "c1", null, a, Outcome.OK),
                        arrow("client", "c1", null, b, second),
                        arrow("c1", "origin", a, null, Outcome.OK)));
    }

    private static Diagram separateDiagram(String nameA, String detailA, String nameB, String detailB, String a, String b) {
        return new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "requests a, b, a", 0),
                new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a, 1),
                new Box("c2", Kind.CONNECTION, "connection 2", "SNI " + b, 1),
                new Box("oa", Kind.ORIGIN, nameA, detailA, 2),
                new Box("ob", Kind.ORIGIN, nameB, detailB, 2)),
                List.of(arrow("client", "c1", null, a, Outcome.OK),
                        arrow("client", "c2", null, b, Outcome.OK),
                        arrow("c1", "oa", a, null, Outcome.OK),
                        arrow("c2", "ob", b, null, Outcome.OK)));
    }

    private static Diagram passthroughDiagram(String proxy, String proxyDetail, String nameA, String detailA,
                                              String nameB, String detailB, String a, String b, Outcome second) {
        return new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "requests a, b, a", 0),
                new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a, 1),
                new Box("proxy", Kind.PROXY, proxy, proxyDetail, 2),
                new Box("ba", Kind.UPSTREAM, nameA, detailA, 3),
                new Box("bb", Kind.UPSTREAM, nameB, detailB, 3)),
                List.of(arrow("client", "c1", null, a, Outcome.OK),
                        arrow("client", "c1", null, b, second),
                        arrow("c1", "proxy", a, null, Outcome.OK),
                        arrow("proxy", "ba", a, b, second),
                        arrow("proxy", "bb", b, null, Outcome.OK)));
    }

    private static Diagram noSniDiagram(String a, String b, String upstreamDetail, Outcome outcome) {
        return new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "requests a, b, a", 0),
                new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a, 1),
                new Box("c2", Kind.CONNECTION, "connection 2", "SNI " + b, 1),
                new Box("proxy", Kind.PROXY, "proxy", "127.0.0.1 · cert a+b", 2),
                new Box("u1", Kind.CONNECTION, "upstream connections", upstreamDetail, 3),
                new Box("upstream", Kind.UPSTREAM, "origin", "127.0.0.22 · refuses a connection without SNI", 4)),
                List.of(arrow("client", "c1", null, a, outcome),
                        arrow("client", "c2", null, b, outcome),
                        arrow("c1", "proxy", a, null, Outcome.OK),
                        arrow("c2", "proxy", b, null, Outcome.OK),
                        arrow("proxy", "u1", null, a, outcome),
                        arrow("proxy", "u1", null, b, outcome),
                        arrow("u1", "upstream", null, null, outcome)));
    }

    private static Diagram proxyDiagram(String a, String b, String poolDetail, Outcome second) {
        return new Diagram(List.of(new Box("client", Kind.CLIENT, "client", "requests a, b, a", 0),
                new Box("c1", Kind.CONNECTION, "connection 1", "SNI " + a, 1),
                new Box("c2", Kind.CONNECTION, "connection 2", "SNI " + b, 1),
                new Box("proxy", Kind.PROXY, "proxy", "127.0.0.1 · " + poolDetail, 2),
                new Box("u1", Kind.CONNECTION, "upstream connection 1", "SNI " + a, 3),
                new Box("upstream", Kind.UPSTREAM, "upstream", "127.0.0.21 · tenant router", 4)),
                List.of(arrow("client", "c1", null, a, Outcome.OK),
                        arrow("client", "c2", null, b, second),
                        arrow("c1", "proxy", a, null, Outcome.OK),
                        arrow("c2", "proxy", b, null, Outcome.OK),
                        arrow("proxy", "u1", null, a, Outcome.OK),
                        arrow("proxy", "u1", null, b, second),
                        arrow("u1", "upstream", a, null, Outcome.OK)));
    }
}
